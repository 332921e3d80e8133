import { describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../../src-shared/model';
import { fdTableOf, loadFdFixture, ssOwnerPid } from '../../collect/linux/fd-table-fixtures';
import { buildIoChannels } from '../../collect/linux/io-graph';
import { allFindings, makeSnapshot, processInfo, proc, runRule, tcp } from '../test-support';
import { relayedShellRule } from './relayed-shell';

/**
 * A snapshot from a captured fd listing. The captures ran on loopback; `remote` moves the relay's
 * connection to another address (what the lab does for real), everything else is as captured.
 */
function snapshotOf(name: string, remote = '203.0.113.66:443', over: { names?: Record<number, string> } = {}): HostSnapshot {
  const fixture = loadFdFixture(name);
  const owner = ssOwnerPid(fixture.ss);
  return makeSnapshot({
    processes: fixture.processes.map((p) => processInfo(p.pid, p.ppid, over.names?.[p.pid] ?? p.name, { cmdline: p.cmdline })),
    connections: [tcp('192.168.1.10:40000', remote, { process: proc(owner, fixture.processes.find((p) => p.pid === owner)?.name ?? '?') })],
    ioChannels: buildIoChannels(fixture.processes.map(fdTableOf)),
  });
}

const pidOf = (name: string, process: string): number => {
  const p = loadFdFixture(name).processes.find((q) => q.name === process);
  if (!p) throw new Error(process);
  return p.pid;
};

describe('relayed-shell rule (T1059.004)', () => {
  it('cat fifo | sh -i | nc: names sh, the pipe, nc and the remote', () => {
    const [finding, ...rest] = allFindings(relayedShellRule(), [snapshotOf('mkfifo-cat-sh-nc')]);
    expect(rest).toEqual([]);
    const sh = pidOf('mkfifo-cat-sh-nc', 'sh');
    const nc = pidOf('mkfifo-cat-sh-nc', 'nc');
    expect(finding).toMatchObject({
      key: `${sh}|203.0.113.66:443`,
      severity: 'CRITICAL',
      process: { pid: sh, name: 'sh' },
      destination: { address: '203.0.113.66', port: 443 },
      title: 'Reverse shell through a relay: sh ↔ nc ↔ 203.0.113.66:443',
    });
    expect(finding?.evidence).toMatchObject({
      kind: 'relay',
      pids: [sh, nc],
      names: ['sh', 'nc'],
      channels: ['pipe 32757'],
      fds: ['stdout', 'stderr'],
      relayName: 'nc',
      remoteExternal: true,
    });
    expect(finding?.evidence.path).toEqual([`sh (pid ${sh}) stdout`, 'pipe 32757', `nc (pid ${nc})`, 'TCP 203.0.113.66:443']);
  });

  it('sh -i < fifo | nc > fifo: stdin through the named FIFO', () => {
    const [finding] = allFindings(relayedShellRule(), [snapshotOf('fifo-sh-nc', '198.51.100.7:8080')]);
    expect(finding?.evidence).toMatchObject({ kind: 'relay', fds: ['stdin', 'stdout', 'stderr'], names: ['sh', 'nc'], remote: '198.51.100.7:8080' });
    expect(finding?.evidence.channels).toEqual(['fifo 65024:2147765']);
  });

  it('socat exec (socketpair), socat pty and python pty.spawn', () => {
    const socat = allFindings(relayedShellRule(), [snapshotOf('socat-exec')]);
    expect(socat.map((f) => [f.process?.name, f.evidence.kind, f.evidence.channels])).toEqual([['sh', 'relay', ['socketpair 35604']]]);
    const pty = allFindings(relayedShellRule(), [snapshotOf('socat-pty', '[2001:db8::5]:4443')]);
    expect(pty.map((f) => [f.title, f.evidence.channels])).toEqual([['Reverse shell on a pty: bash driven by socat ↔ [2001:db8::5]:4443', ['pty /dev/pts/2']]]);
    const python = allFindings(relayedShellRule(), [snapshotOf('python-pty')]);
    expect(python.map((f) => [f.process?.name, f.evidence.relayName, f.evidence.kind])).toEqual([['bash', 'python3', 'pty']]);
  });

  it('curl | sh and wget -O- | gunzip | bash (two hops) are scripts piped from the network', () => {
    const [curl] = allFindings(relayedShellRule(), [snapshotOf('curl-sh', '203.0.113.80:80')]);
    expect(curl).toMatchObject({ title: 'Script piped from the network: curl → sh (203.0.113.80:80)', evidence: { kind: 'download-pipe', fds: ['stdin'] } });
    const [wget] = allFindings(relayedShellRule(), [snapshotOf('wget-gunzip-bash')]);
    expect(wget?.evidence).toMatchObject({ kind: 'download-pipe', names: ['bash', 'gzip', 'wget'], channels: ['pipe 40444', 'pipe 40443'] });
    expect(allFindings(relayedShellRule({ maxHops: 1 }), [snapshotOf('wget-gunzip-bash')])).toEqual([]);
  });

  it('stays quiet on loopback, on awk reading data from nc, behind sshd, and reports once', () => {
    expect(allFindings(relayedShellRule(), [snapshotOf('mkfifo-cat-sh-nc', '127.0.0.1:47011')])).toEqual([]);
    expect(allFindings(relayedShellRule(), [snapshotOf('benign-nc-awk')])).toEqual([]);
    const socatPid = pidOf('socat-pty', 'socat');
    expect(allFindings(relayedShellRule(), [snapshotOf('socat-pty', '203.0.113.66:443', { names: { [socatPid]: 'sshd-session' } })])).toEqual([]);
    const snap = snapshotOf('curl-sh');
    expect(runRule(relayedShellRule(), [snap, { ...snap, time: snap.time + 2000 }]).map((t) => t.length)).toEqual([1, 0]);
    expect(allFindings(relayedShellRule(), [{ ...snap, ioChannels: undefined }])).toEqual([]);
  });

  it('a shell with a script argument or -c, fed by a networked process, is not a remote console', () => {
    const snap = snapshotOf('curl-sh');
    const sh = pidOf('curl-sh', 'sh');
    const withCmd = (cmdline: string): HostSnapshot => ({ ...snap, processes: snap.processes.map((p) => (p.pid === sh ? { ...p, cmdline } : p)) });
    expect(allFindings(relayedShellRule(), [withCmd('sh ./build.sh')])).toEqual([]);
    expect(allFindings(relayedShellRule(), [withCmd('sh -c make')])).toEqual([]);
    expect(allFindings(relayedShellRule(), [withCmd('sh -s -- --yes')])).toHaveLength(1);
  });

  it('waits one more tick for a candidate without a command line (a child caught mid-exec), then reports it', () => {
    const snapshot = snapshotOf('socat-exec');
    const sh = pidOf('socat-exec', 'sh');
    const blank = { ...snapshot, processes: snapshot.processes.map((p) => (p.pid === sh ? { ...p, cmdline: '' } : p)) };
    const perTick = runRule(relayedShellRule(), [blank, { ...blank, time: blank.time + 1000 }]);
    expect(perTick[0]).toEqual([]);
    expect(perTick[1]?.[0]).toMatchObject({ process: { pid: sh } });
    // With its command line read, the same shell is reported at once.
    expect(runRule(relayedShellRule(), [snapshot])[0]?.[0]).toMatchObject({ process: { pid: sh } });
  });
});

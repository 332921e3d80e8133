import { describe, expect, it } from 'vitest';
import { DEFAULT_DOWNLOAD_EXEC_CONFIG, downloadExecRule, suspiciousPlace } from './download-exec';
import { allFindings, makeSnapshot, processInfo, proc, runRule, tcp } from '../test-support';

const place = (exe: string): string | undefined => suspiciousPlace(exe, DEFAULT_DOWNLOAD_EXEC_CONFIG);

describe('suspiciousPlace', () => {
  it('names temporary and world-writable places, memfd and deleted files outside system dirs', () => {
    expect(place('/tmp/x')).toBe('runs from /tmp/');
    expect(place('/var/tmp/.cache/kworker')).toBe('runs from /var/tmp/');
    expect(place('/dev/shm/a (deleted)')).toBe('deleted file in /dev/shm/');
    expect(place('/home/alice/Downloads/tool')).toBe('runs from ~/Downloads/');
    expect(place('/root/Downloads/t')).toBe('runs from ~/Downloads/');
    expect(place('/memfd:payload (deleted)')).toBe('memory-only file (memfd)');
    expect(place('/home/alice/.local/bin/agent (deleted)')).toBe('deleted file outside system directories');
  });

  it('leaves system programs, deleted-by-upgrade daemons, AppImage mounts and look-alikes alone', () => {
    for (const exe of [
      '/usr/bin/curl',
      '/usr/sbin/sshd (deleted)',
      '/tmp/.mount_ObsidiXyz/obsidian',
      '/home/alice/Downloadsx/t',
      '/home/alice/tmp/t',
      '/tmpx/a',
      '/opt/app/bin/app (deleted)',
    ]) {
      expect(place(exe), exe).toBeUndefined();
    }
  });
});

describe('download-exec rule (T1105)', () => {
  const processes = [
    processInfo(1, 0, 'systemd'),
    processInfo(300, 1, 'sshd'),
    processInfo(400, 300, 'bash'),
    processInfo(500, 400, 'x', { exe: '/tmp/x', cmdline: '/tmp/x -c 203.0.113.9', startTime: 1000 }),
  ];

  it('flags a /tmp program with an outbound connection, with its exe and lineage', () => {
    const snap = makeSnapshot({ processes, connections: [tcp('192.168.1.10:40000', '203.0.113.9:443', { process: proc(500, 'x') })] });
    const [finding, ...rest] = allFindings(downloadExecRule(), [snap]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      key: '500|/tmp/x',
      severity: 'HIGH',
      title: 'Dropped program running: x from /tmp/x',
      destination: { address: '203.0.113.9', port: 443 },
      process: { pid: 500, exe: '/tmp/x' },
    });
    expect(finding?.evidence).toMatchObject({
      exe: '/tmp/x',
      place: 'runs from /tmp/',
      deleted: false,
      remotes: ['203.0.113.9:443'],
      remoteExternal: true,
      lineage: ['x (pid 500)', 'bash (pid 400)', 'sshd (pid 300)', 'systemd (pid 1)'],
    });
    expect(finding?.description).toContain('Started by bash (pid 400) ← sshd (pid 300) ← systemd (pid 1)');
  });

  it('flags a deleted binary that starts a shell, and one listening on a LAN address', () => {
    const deleted = processInfo(600, 1, 'agent', { exe: '/dev/shm/agent (deleted)' });
    const shell = processInfo(601, 600, 'sh');
    const listener = processInfo(700, 1, 'svc', { exe: '/var/tmp/svc' });
    const snap = makeSnapshot({
      processes: [...processes, deleted, shell, listener],
      listening: [{ protocol: 'tcp', family: 4, address: '0.0.0.0', port: 4444, inode: 5, process: proc(700, 'svc') }],
    });
    const findings = allFindings(downloadExecRule(), [snap]);
    expect(findings.map((f) => [f.process?.pid, f.evidence.shells, f.evidence.listening, f.evidence.deleted])).toEqual([
      [600, ['sh (pid 601)'], [], true],
      [700, [], ['0.0.0.0:4444'], false],
    ]);
  });

  it('stays quiet for a dropped program with only loopback traffic or nothing, and reports once', () => {
    const loopback = makeSnapshot({ processes, connections: [tcp('127.0.0.1:40000', '127.0.0.1:8080', { process: proc(500, 'x') })] });
    expect(allFindings(downloadExecRule(), [loopback, makeSnapshot({ processes })])).toEqual([]);
    const snap = makeSnapshot({ processes, connections: [tcp('192.168.1.10:40000', '192.168.1.20:22', { process: proc(500, 'x') })] });
    expect(runRule(downloadExecRule(), [snap, { ...snap, time: snap.time + 2000 }]).map((t) => t.length)).toEqual([1, 0]);
  });
});

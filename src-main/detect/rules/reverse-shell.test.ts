import { describe, expect, it } from 'vitest';
import { allFindings, makeSnapshot, processInfo, proc, runRule, T0, tcp } from '../test-support';
import { reverseShellRule } from './reverse-shell';

describe('reverse-shell rule (T1059.004)', () => {
  it('flags bash whose stdin/stdout/stderr is a TCP connection to port 443, naming the remote', () => {
    const c = tcp('192.168.1.10:51515', '203.0.113.66:443', { inode: 777, process: proc(900, 'bash') });
    const snap = makeSnapshot({
      connections: [c, tcp('192.168.1.10:51516', '203.0.113.5:443', { inode: 778 })],
      processes: [
        processInfo(800, 1, 'cron'),
        processInfo(900, 800, 'bash', { cmdline: 'bash -i', stdioSocketInodes: [777, 777, 777], startTime: T0 - 500 }),
        processInfo(901, 800, 'bash', { stdioSocketInodes: [undefined, undefined, undefined] }),
      ],
    });
    const findings = allFindings(reverseShellRule(), [snap]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: '900|203.0.113.66:443',
      severity: 'CRITICAL',
      destination: { address: '203.0.113.66', port: 443 },
      process: { pid: 900, name: 'bash' },
    });
    expect(findings[0]?.evidence).toMatchObject({ remote: '203.0.113.66:443', fds: ['stdin', 'stdout', 'stderr'], kind: 'reverse', parentName: 'cron' });
    expect(findings[0]?.process?.cmdline).toBe('bash -i');
  });

  it('flags an interpreter fed by a socket on a partial set of fds and a bind shell', () => {
    const reverse = tcp('192.168.1.10:40000', '[2001:db8::66]:8080', { inode: 10 });
    const bind = tcp('192.168.1.10:31337', '192.168.1.66:50000', { inode: 11, direction: 'inbound' });
    const snap = makeSnapshot({
      connections: [reverse, bind],
      processes: [
        processInfo(5, 1, 'python3.12', { stdioSocketInodes: [10, 10] }),
        processInfo(6, 1, 'sh', { exe: '/bin/busybox', stdioSocketInodes: [11, 11, 11] }),
      ],
    });
    const findings = allFindings(reverseShellRule(), [snap]);
    expect(findings.map((f) => [f.key, f.evidence.kind, f.evidence.fds])).toEqual([
      ['5|[2001:db8::66]:8080', 'reverse', ['stdin', 'stdout']],
      ['6|192.168.1.66:50000', 'bind', ['stdin', 'stdout', 'stderr']],
    ]);
  });

  it('ignores non-shells with socket stdio, shells on unknown or listening sockets, and reports a shell once', () => {
    const c = tcp('192.168.1.10:40000', '203.0.113.66:443', { inode: 20 });
    const listen = { ...tcp('0.0.0.0:22', '0.0.0.0:0', { inode: 21, state: 'LISTEN' }) };
    const snap = makeSnapshot({
      connections: [c, listen],
      processes: [
        processInfo(1, 0, 'systemd', { stdioSocketInodes: [20] }),
        processInfo(2, 1, 'sshd', { stdioSocketInodes: [21, 21, 21] }),
        processInfo(3, 1, 'bash', { stdioSocketInodes: [21, 99999, 99999] }),
      ],
    });
    expect(allFindings(reverseShellRule(), [snap])).toEqual([]);
    const shell = makeSnapshot({ connections: [c], processes: [processInfo(4, 1, 'zsh', { stdioSocketInodes: [20, 20, 20] })] });
    const perTick = runRule(reverseShellRule(), [shell, { ...shell, time: T0 + 2000 }]);
    expect(perTick.map((t) => t.length)).toEqual([1, 0]);
  });

  it('flags a program of any name whose stdin and stdout are one socket it dialled out (a renamed shell copy), not an accepted one', () => {
    const out = tcp('192.168.1.10:40002', '203.0.113.20:6008', { inode: 30 });
    const accepted = tcp('192.168.1.10:7000', '192.168.1.66:50001', { inode: 31, direction: 'inbound' });
    const snap = makeSnapshot({
      connections: [out, accepted],
      processes: [
        processInfo(40, 1, 'nslab-kworker-1', { exe: '/tmp/nslab-kworker-1234', cmdline: '[kworker/0:1] -i', stdioSocketInodes: [30, 30, 30] }),
        processInfo(41, 1, 'in.echod', { stdioSocketInodes: [31, 31, 31] }),
        processInfo(42, 1, 'logger', { stdioSocketInodes: [undefined, 30] }),
      ],
    });
    const findings = allFindings(reverseShellRule(), [snap]);
    expect(findings.map((f) => [f.key, f.severity, f.evidence.knownShell])).toEqual([['40|203.0.113.20:6008', 'CRITICAL', false]]);
    expect(findings[0]?.description).toContain('/tmp/nslab-kworker-1234');
  });

  it('flags awk holding a connection or a listener (gawk /inet files), once while it lasts, naming its coprocess shell', () => {
    const c = tcp('192.168.1.10:40003', '203.0.113.20:6001', { inode: 50, process: proc(60, 'gawk') });
    const timeWait = tcp('192.168.1.10:40004', '203.0.113.20:6001', { inode: 0, state: 'TIME_WAIT', process: proc(61, 'awk') });
    const listener = { protocol: 'tcp' as const, family: 4 as const, address: '0.0.0.0', port: 4446, inode: 51, process: proc(62, 'gawk') };
    const snap = makeSnapshot({
      connections: [c, timeWait],
      listening: [listener],
      processes: [
        processInfo(60, 1, 'gawk', { cmdline: 'gawk BEGIN{s="/inet/tcp/0/203.0.113.20/6001"; …}' }),
        processInfo(61, 1, 'awk'),
        processInfo(62, 1, 'gawk'),
        processInfo(63, 60, 'sh', { cmdline: 'sh -c id' }),
      ],
    });
    const perTick = runRule(reverseShellRule(), [snap, { ...snap, time: T0 + 1000 }]);
    expect(perTick.map((t) => t.map((f) => f.key))).toEqual([['60|203.0.113.20:6001|awk', '62|listening on 0.0.0.0:4446|awk'], []]);
    expect(perTick[0]?.[0]).toMatchObject({ severity: 'CRITICAL', destination: { address: '203.0.113.20', port: 6001 }, process: { pid: 60, name: 'gawk' } });
    expect(perTick[0]?.[0]?.evidence.children).toEqual(['sh (pid 63)']);
  });
});

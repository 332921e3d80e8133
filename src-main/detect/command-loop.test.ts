import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src-shared/model';
import { reverseShellRule } from './rules/reverse-shell';
import { CommandLoopWatch } from './command-loop';
import { makeSnapshot, processInfo, proc, runRule, T0, tcp, ticks } from './test-support';

const C2 = '203.0.113.20:4444';

/** A process holding one connection to `remote`, whose reaped-children faults are `faults[i]` at tick i. */
function loopTicks(
  p: Partial<ProcessInfo> & { name: string; cmdline: string },
  faults: number[],
  remote = C2,
  over: { direction?: 'inbound' | 'outbound' } = {},
) {
  return ticks(faults.length, 2000, (i) => ({
    connections: [tcp('192.168.1.10:40000', remote, { inode: 70, process: proc(900, p.name), ...over })],
    processes: [processInfo(1, 0, 'systemd'), processInfo(900, 1, p.name, { startTime: T0 - 1000, ...p, childFaults: faults[i] })],
  }));
}

describe('command loops (reverse shells without a shell on the socket)', () => {
  it('reports ruby -e holding a connection once it has reaped programs at two ticks, with the counts and the remote', () => {
    // Worked values: cminflt of the captured `ruby IO.popen("uname -a")` loop grows ~94 per program.
    const perTick = runRule(reverseShellRule(), loopTicks({ name: 'ruby', cmdline: 'ruby -rsocket -e c=TCPSocket.new(...)' }, [92, 186, 280, 375, 469]));
    expect(perTick.map((f) => f.length)).toEqual([0, 0, 1, 0, 0]);
    const [loop] = perTick[2] ?? [];
    expect(loop).toMatchObject({
      key: `900|${C2}|loop`,
      severity: 'CRITICAL',
      title: `Reverse shell: ruby runs programs for ${C2}`,
      destination: { address: '203.0.113.20', port: 4444 },
      process: { pid: 900, name: 'ruby' },
    });
    expect(loop?.evidence).toMatchObject({ kind: 'command-loop', code: 'inline', ticksWithPrograms: 2, remoteExternal: true, direction: 'outbound' });
  });

  it('gives a script file outside system dirs HIGH, and leaves installed scripts, modules and quiet or loopback holders alone', () => {
    const bot = runRule(reverseShellRule(), loopTicks({ name: 'python3', cmdline: 'python3 /home/ana/bot.py' }, [10, 60, 110])).flat();
    expect(bot.map((f) => [f.severity, f.evidence.code])).toEqual([['HIGH', '/home/ana/bot.py']]);
    const quiet = [
      loopTicks({ name: 'python3', cmdline: 'python3 /usr/bin/salt-minion' }, [10, 60, 110]),
      loopTicks({ name: 'python3', cmdline: 'python3 -m pip install requests' }, [10, 60, 110]),
      loopTicks({ name: 'ruby', cmdline: 'ruby -e loop' }, [92, 92, 92, 92]),
      loopTicks({ name: 'ruby', cmdline: 'ruby -e loop' }, [1, 2, 3], '127.0.0.1:4444'),
      loopTicks({ name: 'curl', cmdline: 'curl -o x https://example.org/' }, [1, 2, 3]),
      loopTicks({ name: 'python3', cmdline: 'python3 /srv/app/server.py' }, [1, 2, 3], C2, { direction: 'inbound' }),
    ];
    for (const snapshots of quiet) expect(runRule(reverseShellRule(), snapshots).flat()).toEqual([]);
    // Ad-hoc code that accepted its peer (a bind command loop) counts.
    const bind = runRule(reverseShellRule(), loopTicks({ name: 'perl', cmdline: 'perl -e ...' }, [1, 2, 3], C2, { direction: 'inbound' })).flat();
    expect(bind.map((f) => f.evidence.direction)).toEqual(['inbound']);
  });

  it('starts counting again for a reused pid or a new remote, and names the children alive at the tick', () => {
    const watch = new CommandLoopWatch();
    const at = (faults: number, startTime: number, remote = C2, children: ProcessInfo[] = []) =>
      makeSnapshot({
        connections: [tcp('192.168.1.10:40000', remote, { inode: 70, process: proc(900, 'sh') })],
        processes: [processInfo(900, 1, 'sh', { cmdline: 'sh -c exec 3<>/dev/tcp/...', startTime, childFaults: faults }), ...children],
      });
    expect(watch.observe(at(1, T0), T0)).toEqual([]);
    expect(watch.observe(at(2, T0), T0 + 2000)).toEqual([]);
    expect(watch.observe(at(3, T0 + 1), T0 + 4000)).toEqual([]); // another process under the same pid
    expect(watch.observe(at(4, T0 + 1, '203.0.113.21:443'), T0 + 6000)).toEqual([]);
    expect(watch.observe(at(5, T0 + 1, '203.0.113.21:443'), T0 + 8000)).toEqual([]);
    const [loop] = watch.observe(at(6, T0 + 1, '203.0.113.21:443', [processInfo(950, 900, 'cat', { cmdline: 'cat /etc/shadow' })]), T0 + 10_000);
    expect(loop).toMatchObject({ runs: 2, firstRun: T0 + 8000, lastRun: T0 + 10_000, children: ['cat (pid 950)'] });
  });

  it('is not crowded out by hundreds of idle interpreters listed before the loop', () => {
    const crowd = Array.from({ length: 400 }, (_, i) => processInfo(2000 + i, 1, 'sh', { cmdline: 'sh -c sleep 600', childFaults: i }));
    const snapshots = loopTicks({ name: 'ruby', cmdline: 'ruby -e loop' }, [1, 2, 3]).map((snap) => ({ ...snap, processes: [...crowd, ...snap.processes] }));
    expect(runRule(reverseShellRule(), snapshots).map((f) => f.length)).toEqual([0, 0, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import type { LowLevelSocket } from '../../../src-shared/model';
import { kernel, makeSnapshot, proc, runRule, T0 } from '../test-support';
import { icmpTunnelRule, processEchoes } from './icmp-tunnel';

const ping = proc(900, 'ping', { exe: '/usr/bin/ping' });
const rawIcmp = (p = ping, inode = 11083): LowLevelSocket => ({ kind: 'raw', family: 4, protocol: 1, inode, uid: 0, process: p });

/** Ticks 1 s apart; `perSec(i)` echo requests sent (and answered) during the second before tick i. */
function echoTicks(count: number, perSec: (i: number) => number, sockets: LowLevelSocket[] = [rawIcmp()]) {
  let sent = 0;
  return Array.from({ length: count }, (_, i) => {
    sent += i === 0 ? 0 : perSec(i);
    return makeSnapshot({ time: T0 + i * 1000, kernel: kernel({ icmpOutEchos: sent, icmpInEchoReps: sent }), lowLevelSockets: sockets });
  });
}

describe('processEchoes', () => {
  it('counts requests, and replies beyond what the kernel answers', () => {
    const before = kernel();
    // an outbound ping stream: 50 requests
    expect(processEchoes(before, kernel({ icmpOutEchos: 50, icmpInEchoReps: 50 }))).toBe(50);
    // a remote ping flood the kernel answers: nothing sent by a process
    expect(processEchoes(before, kernel({ icmpInEchos: 300, icmpOutEchoReps: 300 }))).toBe(0);
    // a tunnel server replying from a raw socket besides the kernel: 300 extra replies
    expect(processEchoes(before, kernel({ icmpInEchos: 300, icmpOutEchoReps: 600 }))).toBe(300);
    // counters reset (namespace recreated): nothing
    expect(processEchoes(kernel({ icmpOutEchos: 10 }), kernel())).toBe(0);
  });
});

describe('icmp-tunnel rule', () => {
  it('stays quiet for ping at 1/s and for a few pings in parallel (5/s)', () => {
    expect(
      runRule(
        icmpTunnelRule(),
        echoTicks(20, () => 1),
      ).flat(),
    ).toEqual([]);
    expect(
      runRule(
        icmpTunnelRule(),
        echoTicks(20, () => 5),
      ).flat(),
    ).toEqual([]);
  });

  it('names the only ICMP socket holder once 200 echoes/s have lasted 3 of the 5 s window', () => {
    const findings = runRule(
      icmpTunnelRule(),
      echoTicks(6, (i) => (i >= 1 ? 200 : 0)),
    );
    // ticks 1 and 2 cover 2 s < 60 % of the window; tick 3 covers 3 s: 600 echoes
    expect(findings.map((f) => f.length)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(findings[3]?.[0]).toMatchObject({
      key: '900',
      severity: 'HIGH',
      process: ping,
      evidence: { echoesPerSec: 200, echoes: 600, windowSec: 3, icmpSocketHolders: ['ping (pid 900): raw ICMP (IPv4)'] },
    });
  });

  it('ignores one short burst (a 2-second ping -f) diluted over the window, and stops when the stream stops', () => {
    const burst = runRule(
      icmpTunnelRule(),
      echoTicks(10, (i) => (i === 4 ? 80 : 1)),
    );
    expect(burst.flat()).toEqual([]);
    const stopped = runRule(
      icmpTunnelRule(),
      echoTicks(10, (i) => (i <= 5 ? 100 : 0)),
    );
    expect(stopped.map((f) => f.length)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('lists every holder when several hold ICMP sockets, and is MEDIUM with none seen', () => {
    const other = rawIcmp(proc(901, 'pt', { exe: '/tmp/pt' }), 2);
    const [several] = runRule(
      icmpTunnelRule(),
      echoTicks(5, () => 100, [rawIcmp(), other]),
    ).flat();
    expect(several).toMatchObject({ key: 'unattributed', severity: 'HIGH' });
    expect(several?.process).toBeUndefined();
    expect(several?.evidence.icmpSocketHolders).toHaveLength(2);
    const [none] = runRule(
      icmpTunnelRule(),
      echoTicks(5, () => 100, []),
    ).flat();
    expect(none).toMatchObject({ key: 'unattributed', severity: 'MEDIUM' });
  });
});

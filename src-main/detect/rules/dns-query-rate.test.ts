import { describe, expect, it } from 'vitest';
import type { Connection, ProcessInfo } from '../../../src-shared/model';
import { kernel, makeSnapshot, proc, processInfo, runRule, T0, udp } from '../test-support';
import { dnsQueryRateRule } from './dns-query-rate';

const HOST = '192.168.1.10';
const RESOLVER = '192.168.1.1'; // the configured resolver of makeSnapshot

/**
 * A client sending `rate` one-shot queries/s for `seconds`, ticks every second. Which ticks catch a
 * query socket is the observable part: `caught(tick)` says so (a round trip of d ms at r/s is caught
 * with probability ≈ r·d/1000); the kernel counter always moves by `rate` datagrams/s plus `background`.
 */
function stream(options: { rate: number; seconds: number; caught: (tick: number) => boolean; background?: number; name?: string; to?: string }) {
  const { rate, seconds, caught, background = 0, name = 'tunnel', to = `${RESOLVER}:53` } = options;
  return Array.from({ length: seconds }, (_, i) => {
    const connections: Connection[] = caught(i) ? [udp(`${HOST}:${40000 + i}`, to, { inode: 70_000 + i, process: proc(300, name) })] : [];
    return makeSnapshot({ time: T0 + i * 1000, connections, kernel: kernel({ udpOutDatagrams: 1000 + i * (rate + background) }) });
  });
}

describe('dns-query-rate rule (T1071.004 through the configured resolver)', () => {
  it('flags 30 one-shot queries/s caught in every other tick, naming the process and the host rate', () => {
    const ticks = runRule(dnsQueryRateRule(), stream({ rate: 30, seconds: 12, caught: (i) => i % 2 === 0 }));
    const firstAt = ticks.findIndex((t) => t.length > 0);
    expect(firstAt).toBe(6); // 4 distinct sockets in 4 sighting ticks (0, 2, 4, 6)
    expect(ticks[firstAt]?.[0]).toMatchObject({
      severity: 'MEDIUM',
      key: '300|tunnel',
      process: { pid: 300, name: 'tunnel' },
      evidence: { hostUdpDatagramsPerSec: 30, distinctQuerySockets: 4, sightingTicks: 4, resolvers: [RESOLVER] },
    });
  });

  it('is HIGH from 50 datagrams/s, and counts queries to the local stub 127.0.0.53', () => {
    const ticks = runRule(dnsQueryRateRule(), stream({ rate: 60, seconds: 8, caught: () => true, to: '127.0.0.53:53' }));
    const found = ticks.flat();
    expect(found[0]?.severity).toBe('HIGH');
    expect(found[0]?.evidence.resolvers).toEqual(['127.0.0.53']);
  });

  it('stays quiet for ordinary lookups: sockets seen now and then while the host sends little', () => {
    expect(runRule(dnsQueryRateRule(), stream({ rate: 1, seconds: 30, caught: (i) => i % 3 === 0 })).flat()).toEqual([]);
  });

  it('stays quiet for one socket kept open (a c-ares client) even on a busy host: no churn', () => {
    const snaps = Array.from({ length: 20 }, (_, i) =>
      makeSnapshot({
        time: T0 + i * 1000,
        connections: [udp(`${HOST}:40000`, `${RESOLVER}:53`, { inode: 5, process: proc(301, 'node') })],
        kernel: kernel({ udpOutDatagrams: i * 200 }), // QUIC video elsewhere
      }),
    );
    expect(runRule(dnsQueryRateRule(), snaps).flat()).toEqual([]);
  });

  it('stays quiet when the sockets belong to a resolver, and without kernel counters', () => {
    expect(runRule(dnsQueryRateRule(), stream({ rate: 40, seconds: 10, caught: () => true, name: 'systemd-resolved' })).flat()).toEqual([]);
    const noCounters = stream({ rate: 40, seconds: 10, caught: () => true }).map((s) => {
      const { kernel: _, ...rest } = s;
      return rest;
    });
    expect(runRule(dnsQueryRateRule(), noCounters).flat()).toEqual([]);
  });

  it('charges a stream of dig runs to the loop that starts them', () => {
    const loop = processInfo(400, 1, 'bash', { cmdline: 'bash -c while :; do dig …; done' });
    const snaps = Array.from({ length: 10 }, (_, i) => {
      const processes: ProcessInfo[] = [loop, processInfo(1000 + i, 400, 'dig', { startTime: T0 + i * 1000 })];
      return makeSnapshot({ time: T0 + i * 1000, processes, kernel: kernel({ udpOutDatagrams: i * 25 }) });
    });
    const found = runRule(dnsQueryRateRule(), snaps).flat();
    expect(found[0]).toMatchObject({ process: { pid: 400, name: 'bash' }, evidence: { tools: ['dig'], distinctToolRuns: 4 } });
  });

  it('charges ownerless query sockets to the same-uid process the fd walk saw opening sockets that tick, never to a resolver', () => {
    const client = processInfo(300, 1, 'python3', { uid: 1000 });
    const resolved = processInfo(90, 1, 'systemd-resolved', { uid: 1000 });
    const otherUser = processInfo(500, 1, 'backup', { uid: 0 });
    const snaps = stream({ rate: 20, seconds: 8, caught: () => true }).map((snap, i) => ({
      ...snap,
      connections: snap.connections.map(({ process: _, ...c }) => ({ ...c, uid: 1000 })),
      processes: [
        { ...client, ...(i % 2 ? {} : { socketsOpened: 1 }) },
        { ...resolved, socketsOpened: 9 },
        { ...otherUser, socketsOpened: 40 },
      ],
    }));
    const found = runRule(dnsQueryRateRule(), snaps).flat();
    expect(found[0]).toMatchObject({ key: '300|python3', process: { pid: 300, name: 'python3' }, evidence: { ticksChargedBySocketChurn: 4 } });
    expect(found.some((f) => f.process?.name !== 'python3')).toBe(false);
  });

  it('reports a stream whose sockets closed before their owner was read, without naming a process', () => {
    const snaps = stream({ rate: 20, seconds: 8, caught: () => true }).map((snap) => ({
      ...snap,
      connections: snap.connections.map(({ process: _, ...c }) => c),
    }));
    const found = runRule(dnsQueryRateRule(), snaps).flat();
    expect(found[0]).toMatchObject({ key: '-1|unattributed', title: 'DNS query stream from an unattributed program (~20 datagrams/s)' });
    expect(found[0]?.process).toBeUndefined();
    expect(found[0]?.evidence).toMatchObject({ pid: -1, resolvers: [RESOLVER], distinctQuerySockets: 4 });
  });

  it('charges the sockets of one long dig -f run to the program that started it', () => {
    const shell = processInfo(500, 1, 'bash');
    const snaps = Array.from({ length: 6 }, (_, i) =>
      makeSnapshot({
        time: T0 + i * 1000,
        processes: [shell, processInfo(501, 500, 'dig', { startTime: T0 })],
        connections: [udp(`${HOST}:${41000 + i}`, `${RESOLVER}:53`, { inode: 80_000 + i, process: proc(501, 'dig', { ppid: 500 }) })],
        kernel: kernel({ udpOutDatagrams: i * 20 }),
      }),
    );
    const found = runRule(dnsQueryRateRule(), snaps).flat();
    expect(found[0]).toMatchObject({ process: { pid: 500, name: 'bash' }, evidence: { distinctQuerySockets: 3, distinctToolRuns: 1, tools: ['dig'] } }); // third tick: 3 sockets + 1 run
  });

  it('forgets sightings older than the window', () => {
    // Caught in ticks 0, 1, 2 and then only at 40: the early ones have left the 30 s window.
    const ticks = runRule(dnsQueryRateRule(), stream({ rate: 30, seconds: 41, caught: (i) => i < 3 || i === 40 }));
    expect(ticks.flat()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Connection, LowLevelSocket, UnresolvedNeighbour } from '../../src-shared/model';
import { UnresolvedNeighbourTracker, parseIpNeigh } from '../collect/arp';
import { networkScanRule } from './rules/network-scan';
import { HOST_IP, proc, processInfo, runRule, tcp, ticks } from './test-support';

const nmap = proc(4242, 'nmap', { exe: '/usr/bin/nmap' });
/** `ip neigh` lines as the kernel prints silent addresses (see collect/fixtures/ip-neigh-unresolved.txt). */
const neighText = (hosts: number[], state: 'INCOMPLETE' | 'FAILED'): string => hosts.map((h) => `192.168.1.${h} dev eth0 ${state} `).join('\n');
const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** Neighbour tables read through the collector's tracker, one text per tick. */
function unresolvedPerTick(texts: string[], stepMs: number, t0: number): UnresolvedNeighbour[][] {
  const tracker = new UnresolvedNeighbourTracker();
  return texts.map((text, i) => tracker.observe(parseIpNeigh(text).unresolved, t0 + i * stepMs));
}

function run(
  texts: string[],
  extra: (i: number) => { connections?: Connection[]; lowLevelSockets?: LowLevelSocket[]; processes?: ReturnType<typeof processInfo>[] } = () => ({}),
) {
  const base = ticks(texts.length, 1000, () => ({}));
  const unresolved = unresolvedPerTick(texts, 1000, base[0]?.time ?? 0);
  const snaps = base.map((s, i) => ({ ...s, unresolvedNeighbours: unresolved[i], ...extra(i) }));
  return runRule(networkScanRule(), snaps);
}

describe('network-scan: sweeps of silent addresses (unresolved neighbours)', () => {
  it('names nmap for a 1-s sweep of port 22 that left 18 silent addresses and only 4 SYN_SENT sockets', () => {
    const silent = range(20, 18);
    const texts = ['', '', neighText(silent, 'INCOMPLETE'), neighText(silent, 'FAILED')];
    const perTick = run(texts, (i) => ({
      connections:
        i === 2
          ? [
              ...silent.slice(0, 4).map((h) => tcp(`${HOST_IP}:${41000 + h}`, `192.168.1.${h}:22`, { state: 'SYN_SENT', process: nmap })),
              tcp(`${HOST_IP}:40999`, '192.168.1.60:22', { state: 'TIME_WAIT' }),
            ]
          : [],
    }));
    expect(perTick.map((f) => f.length)).toEqual([0, 0, 1, 0]);
    expect(perTick[2]?.[0]).toMatchObject({
      key: 'out|nmap',
      severity: 'HIGH',
      process: nmap,
      evidence: { direction: 'outbound', scanKind: 'sweep', silentHosts: 18, newSilentThisTick: 18, ports: [22], proberFrom: 'connections', distinctHosts: 18 },
    });
  });

  it('names a ping-socket holder for an ICMP sweep, and says "this host" (MEDIUM) when no prober was seen', () => {
    const texts = ['', neighText(range(100, 10), 'INCOMPLETE')];
    const fping = proc(77, 'fping', { exe: '/usr/bin/fping' });
    const ping: LowLevelSocket = { kind: 'ping', family: 4, protocol: 1, inode: 5, uid: 0, process: fping };
    expect(run(texts, () => ({ lowLevelSockets: [ping] }))[1]?.[0]).toMatchObject({
      key: 'out|fping',
      severity: 'HIGH',
      evidence: { proberFrom: 'raw-socket', silentHosts: 10 },
    });
    expect(run(texts)[1]?.[0]).toMatchObject({ key: 'out|?', severity: 'MEDIUM', evidence: { proberFrom: 'unknown' } });
  });

  it('names the process whose fd walk saw it open sockets when no attempt reached a table', () => {
    const texts = ['', neighText(range(100, 12), 'INCOMPLETE')];
    const perTick = run(texts, (i) => ({ processes: i === 1 ? [processInfo(88, 1, 'python3', { socketsOpened: 12 })] : [] }));
    expect(perTick[1]?.[0]).toMatchObject({ key: 'out|python3', evidence: { proberFrom: 'socket-churn', silentHosts: 12 } });
    // ss opening two netlink sockets in the same ticks is not the prober of 12 addresses
    const ss = run(texts, (i) => ({ processes: i === 1 ? [processInfo(89, 1, 'ss', { socketsOpened: 2 })] : [] }));
    expect(ss[1]?.[0]).toMatchObject({ key: 'out|?', severity: 'MEDIUM', evidence: { proberFrom: 'unknown', socketsOpenedBy: ['ss (pid 89): 2'] } });
  });

  it('ignores silent addresses already there when monitoring starts, a few hosts going away, and a trickle spread over more than the window', () => {
    expect(run([neighText(range(20, 30), 'FAILED'), neighText(range(20, 30), 'FAILED')]).flat()).toEqual([]);
    expect(run(['', neighText(range(20, 7), 'FAILED')]).flat()).toEqual([]);
    // one new silent address every 10 s: at most 6 within 60 s
    const trickle = Array.from({ length: 12 }, (_, i) => neighText(range(20, i + 1), 'FAILED'));
    const tracker = new UnresolvedNeighbourTracker();
    const base = ticks(12, 10_000, () => ({}));
    const snaps = base.map((s, i) => ({ ...s, unresolvedNeighbours: tracker.observe(parseIpNeigh(trickle[i] ?? '').unresolved, s.time) }));
    expect(runRule(networkScanRule(), snaps).flat()).toEqual([]);
  });
});

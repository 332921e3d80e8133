import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src-shared/model';
import { HOST_IP, makeSnapshot, processInfo, proc, runRule, T0, tcp } from '../test-support';
import { bruteForceRule } from './brute-force';
import { CHURN_MIN_TICKS } from './brute-force-churn';

const sshd = proc(500, 'sshd', { exe: '/usr/sbin/sshd' });
const listener = { protocol: 'tcp' as const, family: 4 as const, address: HOST_IP, port: 2022, inode: 1, process: sshd };

/**
 * One tick a second for `ticks` ticks. The sshd listener reaps a child at every tick in `reaps`
 * (its childFaults grow by ~1,200, as a re-exec'd sshd child's do); at the ticks in `seen`, one
 * connection from each of `peers` is caught open (it is gone by the next tick).
 */
function churn(ticks: number, reaps: (tick: number) => boolean, seen: number[], peers: string[]) {
  let faults = 0;
  return Array.from({ length: ticks }, (_, tick) => {
    if (reaps(tick)) faults += 1200;
    const connections: Connection[] = seen.includes(tick)
      ? peers.map((peer, i) =>
          tcp(`${HOST_IP}:2022`, `${peer}:${50000 + tick * 10 + i}`, { direction: 'inbound', inode: 9000 + tick * 10 + i, process: proc(700 + tick, 'sshd') }),
        )
      : [];
    return makeSnapshot({
      time: T0 + tick * 1000,
      connections,
      listening: [listener],
      processes: [processInfo(500, 1, 'sshd', { exe: '/usr/sbin/sshd', startTime: T0 - 60_000, childFaults: faults })],
    });
  });
}

describe('brute force seen in part, corroborated by the login daemon ending sessions', () => {
  it('names the one peer seen when sshd reaped children at 6+ ticks, with only 2 of its connections seen', () => {
    const perTick = runRule(
      bruteForceRule(),
      churn(12, () => true, [2, 5], ['10.77.0.66']),
    );
    const first = perTick.findIndex((f) => f.length > 0);
    // the daemon's count moves from tick 1 on: its 6th move is at tick 6; the 2nd seen connection closed at tick 6
    expect(first).toBe(CHURN_MIN_TICKS);
    expect(perTick[first]?.[0]).toMatchObject({
      key: 'inbound|10.77.0.66|2022',
      source: { address: '10.77.0.66' },
      evidence: { shortConnections: 2, daemonEndedSessionTicks: 6, attacker: '10.77.0.66' },
    });
    expect(perTick[first]?.[0]?.description).toContain('ended sessions at 6 ticks');
    expect(perTick[first]?.[0]?.title).toBe('sshd brute force from 10.77.0.66 against this host');
    expect(perTick.slice(first + 1).flat()).toEqual([]);
  });

  it('stays quiet for a daemon that is not churning, a single connection seen, or two peers seen', () => {
    const quiet = [
      churn(12, (t) => t % 3 === 0, [2, 5], ['10.77.0.66']),
      churn(12, () => true, [5], ['10.77.0.66']),
      churn(12, () => true, [2, 5], ['10.77.0.66', '10.77.0.67']),
    ];
    for (const snapshots of quiet) expect(runRule(bruteForceRule(), snapshots).flat()).toEqual([]);
  });
});

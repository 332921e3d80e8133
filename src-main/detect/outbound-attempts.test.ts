import { describe, expect, it } from 'vitest';
import { pruneOutbound, touchOutbound, type OutboundActors, type ScanThresholds } from './outbound-attempts';
import { walkScanShape } from './scan-outbound';
import { proc, tcp } from './test-support';
import { formatEndpoint } from '../../src-shared/endpoint';

/** Small thresholds, so that random attempts cross and uncross each of them. */
const THRESHOLDS: ScanThresholds = { distinctTargets: 12, portsPerHost: 5, sweepHosts: 4, windowMs: 10_000, slowDistinctTargets: 16 };
const SLOW_WINDOW_MS = 40_000;
const HOSTS = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '203.0.113.9', '2001:db8::7', '10.0.0.5'];
const PORTS = [22, 80, 443, 445, 3389, 8080, 5432];

/** A seeded generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('outbound attempts: running counts', () => {
  it('say "could be a scan" exactly when the walk over every touch finds a shape, tick after tick', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const next = random(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
      const actors: OutboundActors = new Map();
      let now = 1_000_000;
      let crossings = 0;
      for (let tick = 0; tick < 300; tick++) {
        // Mostly forward in time; now and then a step back (a clock set back) or a long silence.
        now += next() < 0.03 ? -5_000 : next() < 0.05 ? 30_000 : 1_000;
        // Seeds 5–8 retouch the same targets dozens of times a tick (the log compacts).
        const attempts = Math.floor(next() * next() * (seed > 4 ? 120 : 12));
        for (let i = 0; i < attempts; i++) {
          const c = tcp(`192.168.1.10:${40_000 + i}`, formatEndpoint(pick(HOSTS), pick(PORTS)), {
            state: next() < 0.4 ? 'SYN_SENT' : 'ESTABLISHED',
            process: proc(100, next() < 0.8 ? 'scanner' : 'browser'),
          });
          touchOutbound(actors, c, now, 100);
        }
        pruneOutbound(actors, now - SLOW_WINDOW_MS);
        for (const actor of actors.values()) {
          const walked = walkScanShape(actor, now, THRESHOLDS) !== undefined;
          expect(actor.tally.couldBeScan(actor.touches, now, THRESHOLDS), `seed ${seed}, tick ${tick}`).toBe(walked);
          if (walked) crossings++;
        }
      }
      // The sequence must exercise both verdicts.
      expect(crossings).toBeGreaterThan(10);
      expect(crossings).toBeLessThan(590);
    }
  });

  it('keeps what pruning leaves, and forgets an actor left without touches', () => {
    const actors: OutboundActors = new Map();
    touchOutbound(actors, tcp('192.168.1.10:40000', '198.51.100.1:22', { state: 'SYN_SENT', process: proc(1, 'nc') }), 1_000, 10);
    touchOutbound(actors, tcp('192.168.1.10:40001', '198.51.100.1:23', { process: proc(1, 'nc') }), 5_000, 10);
    // A retouch moves the target's time but keeps what it was: SYN_SENT once stays SYN_SENT.
    touchOutbound(actors, tcp('192.168.1.10:40002', '198.51.100.1:22', { process: proc(1, 'nc') }), 6_000, 10);
    pruneOutbound(actors, 5_500);
    expect([...(actors.get('nc')?.touches ?? [])].map(([target, t]) => [target, t.time, t.synSent])).toEqual([['198.51.100.1:22', 6_000, true]]);
    pruneOutbound(actors, 7_000);
    expect(actors.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { Connection, HostSnapshot, ProcessRef } from '../../../src-shared/model';
import { allFindings, makeSnapshot, proc, runRule, severe, T0, tcp } from '../test-support';
import { beaconingRule, DEFAULT_BEACONING_CONFIG, scoreBeacon } from './beaconing';

interface Flow {
  /** Connection start times, ms after T0. */
  starts: number[];
  remote: string;
  process?: ProcessRef;
  /** How long each connection stays ESTABLISHED (then 60 s of TIME_WAIT, without owner). */
  durationMs: number;
  bytes?: (i: number) => number;
}

/** Snapshots every tickMs (each late by up to `lateMs`, as a busy collector is) of what /proc would show for these flows. */
function simulate(flows: Flow[], totalMs: number, tickMs = 2000, lateMs = 0): HostSnapshot[] {
  const snaps: HostSnapshot[] = [];
  for (let tick = 0, t = 0; t <= totalMs; tick += 1, t = tick * tickMs + Math.round(Math.abs(noise(tick + 1000)) * lateMs)) {
    const connections: Connection[] = [];
    flows.forEach((flow, f) =>
      flow.starts.forEach((start, i) => {
        if (start > t || t > start + flow.durationMs + 60_000) return;
        const local = `192.168.1.10:${20000 + f * 1000 + i}`;
        const established = t <= start + flow.durationMs;
        connections.push(
          tcp(
            local,
            flow.remote,
            established
              ? { inode: 500_000 + f * 1000 + i, ...(flow.process ? { process: flow.process } : {}), ...(flow.bytes ? { bytesSent: flow.bytes(i) } : {}) }
              : { state: 'TIME_WAIT', inode: 0, closedAt: T0 + start + flow.durationMs },
          ),
        );
      }),
    );
    snaps.push(makeSnapshot({ time: T0 + t, connections }));
  }
  return snaps;
}

/** Deterministic pseudo-random jitter in [-1, 1]. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

describe('beacon start times', () => {
  it('catches a 2.5 s ± 0.2 s beacon of 5 ms connections at 1 s ticks within 10 connections whatever the lateness, dated by the TIME_WAIT timer', () => {
    for (let seed = 0; seed < 20; seed += 1) {
      let t = 1_000;
      const starts = Array.from({ length: 30 }, (_, i) => (t += 2_500 + Math.round(noise(seed * 100 + i) * 200)));
      const snaps = simulate([{ starts, remote: '203.0.113.20:8443', durationMs: 5 }], 80_000, 1000, 300);
      const findings = allFindings(beaconingRule(), snaps);
      expect(findings.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(findings[0]?.evidence.connections as number, `seed ${seed}`).toBeLessThanOrEqual(10);
      expect(findings[0]?.evidence.dating, `seed ${seed}`).toBe('kernel-dated');
    }
  });
});

describe('scoreBeacon', () => {
  const cfg = DEFAULT_BEACONING_CONFIG;
  it('scores a metronome near 1 and scattered starts low', () => {
    const regular = Array.from({ length: 12 }, (_, i) => ({ time: i * 10_000, precise: false, connections: 1, bytes: 420 }));
    expect(scoreBeacon(regular, 2000, cfg)?.score).toBeGreaterThan(0.95);
    expect(scoreBeacon(regular, 2000, cfg)?.beacon).toBe(true);
    const scattered = [0, 9_000, 12_000, 45_000, 51_000, 93_000, 135_000, 138_000, 210_000, 225_000, 297_000, 303_000].map((time) => ({
      time,
      precise: true,
      connections: 1,
    }));
    const s = scoreBeacon(scattered, 2000, cfg);
    expect(s?.score).toBeLessThan(0.6);
    expect(s?.consistency).toBeLessThan(0.5);
    expect(s?.beacon).toBe(false);
    expect(scoreBeacon(scattered, 2000, cfg, true)).toBeNull();
  });
  it('judges kernel-dated starts by the spread of their intervals, one outlier allowed in twelve', () => {
    // Intervals 3.0, 3.6, 2.4 … s: ±20 % jitter spreads 0.4 of the period.
    const at = (gaps: number[]) =>
      gaps.reduce<number[]>((times, gap) => [...times, (times.at(-1) ?? 0) + gap], [0]).map((time) => ({ time, precise: true, connections: 1 }));
    const jittered = at([3000, 3600, 2400, 3300, 2700, 3500, 2500, 3100, 2900]);
    expect(scoreBeacon(jittered, 2000, cfg)).toMatchObject({ path: 'kernel-dated', beacon: true, spread: 0.4, outliers: 0 });
    expect(scoreBeacon(jittered.slice(0, 9), 2000, cfg)).toBeNull();
    expect(scoreBeacon(at([3000, 3600, 2200, 3300, 2700, 3500, 2500, 3100, 2900]), 2000, cfg)?.beacon).toBe(false);
    const missedCall = at([3000, 3600, 2400, 3300, 6000, 3500, 2500, 3100, 2900, 3000, 3200, 2800]);
    expect(scoreBeacon(missedCall, 2000, cfg)).toMatchObject({ beacon: true, outliers: 1 });
    // A call still open (dated by its tick) counts when its tick fits the period.
    const open = (time: number) => [...jittered.slice(0, 9), { time, precise: false, connections: 1 }];
    expect(scoreBeacon(open(jittered[8]!.time + 3_000), 1000, cfg)?.beacon).toBe(true);
    expect(scoreBeacon(open(jittered[8]!.time + 6_000), 1000, cfg)?.beacon).toBe(false);
  });
  it('refuses too few starts and periods the sampling cannot resolve', () => {
    const every = (n: number, ms: number, precise = false) => Array.from({ length: n }, (_, i) => ({ time: i * ms, precise, connections: 1 }));
    expect(scoreBeacon(every(3, 10_000), 2000, cfg)).toBeNull();
    expect(scoreBeacon(every(20, 2000), 2000, cfg)).toBeNull();
    expect(scoreBeacon(every(20, 1500, true), 2000, cfg)).toBeNull();
    // Tick-dated, a 6 s period at 2 s sampling is short: it needs 16 starts, not 8 …
    expect(scoreBeacon(every(12, 6000), 2000, cfg)?.beacon).toBe(false);
    expect(scoreBeacon(every(16, 6000), 2000, cfg)).toMatchObject({ beacon: true, requiredConsistency: 0.9, path: 'tick-dated' });
    // … kernel-dated, 10 starts do.
    expect(scoreBeacon(every(10, 6000, true), 2000, cfg)).toMatchObject({ beacon: true, path: 'kernel-dated' });
  });
});

describe('beaconing rule (T1071)', () => {
  it('catches one short connection every 10 s with small jitter, even when seen only in TIME_WAIT', () => {
    const implant = proc(4100, 'implant', { exe: '/tmp/.x/implant' });
    // Every call lasts 200 ms; a tick falls inside the first, which is seen with its owner; the rest are only seen in TIME_WAIT.
    const starts = Array.from({ length: 12 }, (_, i) => (i === 0 ? 3_950 : 5_000 + i * 10_000 + Math.round(noise(i) * 800)));
    const snaps = simulate(
      [
        { starts: starts.slice(0, 1), remote: '203.0.113.50:443', process: implant, durationMs: 200 },
        { starts: starts.slice(1), remote: '203.0.113.50:443', durationMs: 200 },
      ],
      130_000,
    );
    const perTick = runRule(beaconingRule(), snaps);
    const first = perTick.findIndex((t) => t.length > 0);
    expect(first).toBeGreaterThan(0);
    const f = perTick[first]?.[0];
    expect(f).toMatchObject({
      key: 'implant|203.0.113.50:443',
      severity: 'MEDIUM',
      process: { pid: 4100 },
      destination: { address: '203.0.113.50', port: 443 },
    });
    expect(f?.evidence.periodSec).toBeGreaterThanOrEqual(9);
    expect(f?.evidence.periodSec).toBeLessThanOrEqual(11);
    expect(Number(f?.evidence.score)).toBeGreaterThanOrEqual(0.8);
    expect(f?.evidence.count).toBe(f?.occurrences);
    // Detected at the tenth beacon (its start ~9 periods after the first), and every later beacon updates the alert once.
    expect(f?.evidence.connections).toBe(10);
    expect((first * 2000 - starts[0]!) / 1000).toBeLessThan(95);
    const later = perTick.slice(first + 1).flat();
    expect(later.length).toBe(12 - (f?.evidence.count as number));
    expect(later.every((x) => x.occurrences === 1)).toBe(true);
  });

  it('catches a fast beacon (2.5 s ± 0.2 s) when sampled every second, within 10 connections', () => {
    const starts = Array.from({ length: 30 }, (_, i) => 1_000 + i * 2_500 + Math.round(noise(i) * 200));
    const perTick = runRule(beaconingRule(), simulate([{ starts, remote: '203.0.113.20:8443', durationMs: 20 }], 80_000, 1000));
    const first = perTick.findIndex((t) => t.length > 0);
    // The 10th call starts at 23.5 s ± 0.2 s and closes 20 ms later; the next tick reports it.
    expect(first).toBeGreaterThan(22);
    expect(first).toBeLessThanOrEqual(25);
    expect(perTick[first]?.[0]?.evidence.connections).toBe(10);
    expect(perTick[first]?.[0]).toMatchObject({ key: '?|203.0.113.20:8443', destination: { address: '203.0.113.20', port: 8443 } });
    expect(perTick[first]?.[0]?.evidence.periodSec).toBeGreaterThanOrEqual(2);
    expect(perTick[first]?.[0]?.evidence.periodSec).toBeLessThanOrEqual(3);
  });

  it('keeps one series when the owner only becomes known after some unowned starts', () => {
    // Calls last 100 ms; a tick (every 2 s) falls inside the fifth only, which shows its owner.
    const starts = Array.from({ length: 12 }, (_, i) => (i === 4 ? 41_950 : 1_000 + i * 10_000));
    const flows: Flow[] = [
      { starts: starts.slice(0, 4), remote: '203.0.113.50:443', durationMs: 100 },
      { starts: starts.slice(4, 5), remote: '203.0.113.50:443', process: proc(12, 'implant'), durationMs: 100 },
      { starts: starts.slice(5), remote: '203.0.113.50:443', durationMs: 100 },
    ];
    const findings = allFindings(beaconingRule(), simulate(flows, 125_000));
    expect(new Set(findings.map((f) => f.key))).toEqual(new Set(['implant|203.0.113.50:443']));
    expect(findings[findings.length - 1]?.evidence.count).toBe(12);
  });

  it('uses byte counts when the kernel gives them', () => {
    const starts = Array.from({ length: 12 }, (_, i) => i * 10_000);
    const steady = simulate([{ starts, remote: '198.51.100.9:8443', process: proc(9, 'agent'), durationMs: 2_500, bytes: () => 512 }], 130_000);
    const fs = allFindings(beaconingRule(), steady);
    expect(fs.length).toBeGreaterThan(0);
    expect(fs[0]?.evidence.sizeScore).not.toBeNull();
    expect(fs[0]?.evidence.medianBytesSent).toBe(512);
  });

  it('rates a beacon to an internal endpoint LOW, or ignores it when told to', () => {
    const starts = Array.from({ length: 12 }, (_, i) => i * 10_000);
    const snaps = simulate([{ starts, remote: '192.168.1.40:8080', process: proc(9, 'agent'), durationMs: 100 }], 120_000);
    const fs = allFindings(beaconingRule(), snaps);
    expect(fs.length).toBeGreaterThan(0);
    expect(fs.every((f) => f.severity === 'LOW')).toBe(true);
    expect(allFindings(beaconingRule({ internalSeverity: null }), snaps)).toEqual([]);
  });

  it('does not alert on a browser pool of parallel connections opened at irregular times', () => {
    const chrome = proc(777, 'chrome');
    const loads = [0, 3_000, 4_000, 15_000, 17_000, 31_000, 45_000, 46_000, 70_000, 75_000, 99_000, 101_000, 140_000, 141_000, 170_000];
    const pool = loads.flatMap((t) => Array.from({ length: 6 }, () => t));
    const flows: Flow[] = [
      { starts: pool, remote: '203.0.113.80:443', process: chrome, durationMs: 20_000 },
      // The same page also polls two API hosts irregularly.
      { starts: loads.map((t, i) => t + 500 + Math.abs(noise(i)) * 9_000), remote: '203.0.113.81:443', process: chrome, durationMs: 1_000 },
      { starts: loads.filter((_, i) => i % 2 === 0).map((t) => t + 2_000), remote: '198.51.100.4:443', process: chrome, durationMs: 5_000 },
    ];
    const findings = allFindings(beaconingRule(), simulate(flows, 240_000));
    expect(findings).toEqual([]);
  });

  it('does not alert on irregular (Poisson) requests to several hosts', () => {
    const flows: Flow[] = Array.from({ length: 12 }, (_, h) => {
      const starts: number[] = [];
      let t = 0;
      for (let i = 0; i < 30; i++) {
        // Exponential gaps with a 12 s mean, from a deterministic uniform source.
        const u = (noise(h * 100 + i) + 1) / 2;
        t += Math.round(-Math.log(1 - u * 0.999) * 12_000) + 500;
        starts.push(t);
      }
      return { starts, remote: `203.0.113.${100 + h}:443`, process: proc(800 + h, 'python3'), durationMs: 300 };
    });
    expect(allFindings(beaconingRule(), simulate(flows, 400_000))).toEqual([]);
  });

  it('does not alert on a busy client opening connections every tick, nor on one long-lived session', () => {
    const busy = Array.from({ length: 60 }, (_, i) => i * 2_000 + 300);
    const flows: Flow[] = [
      { starts: busy, remote: '203.0.113.90:443', process: proc(5, 'apt'), durationMs: 1_000 },
      { starts: [1_000], remote: '203.0.113.91:22', process: proc(6, 'ssh'), durationMs: 200_000 },
    ];
    expect(allFindings(beaconingRule(), simulate(flows, 130_000))).toEqual([]);
  });

  it('ignores connections already open when monitoring starts and inbound sessions', () => {
    const inbound = Array.from({ length: 15 }, (_, i) =>
      makeSnapshot({
        time: T0 + i * 10_000,
        connections: [tcp('192.168.1.10:443', `203.0.113.7:${40000 + i}`, { direction: 'inbound' })],
      }),
    );
    expect(allFindings(beaconingRule(), inbound)).toEqual([]);
    const open = Array.from({ length: 40 }, (_, i) => tcp(`192.168.1.10:${30000 + i}`, '203.0.113.70:443'));
    expect(allFindings(beaconingRule(), [makeSnapshot({ connections: open }), makeSnapshot({ time: T0 + 2000, connections: open })])).toEqual([]);
  });

  it('keeps its state bounded', () => {
    const rule = beaconingRule({ maxSeries: 50, maxEvents: 20 });
    const state = rule.createState();
    const home = { isInternal: () => false, isExternal: () => true, isLocalHost: () => false } as never;
    for (let t = 0; t < 300; t++) {
      const connections = Array.from({ length: 20 }, (_, j) =>
        tcp(`192.168.1.10:${((t * 20 + j) % 60000) + 1024}`, `203.0.${t % 250}.${j}:443`, { state: 'TIME_WAIT' }),
      );
      rule.evaluate(makeSnapshot({ time: T0 + t * 2000, connections }), state, { homeNet: home, now: T0 + t * 2000 });
    }
    expect(state.memory.series.size).toBeLessThanOrEqual(51);
    expect(Math.max(...[...state.memory.series.values()].map((s) => s.events.length))).toBeLessThanOrEqual(20);
    expect(severe([])).toEqual([]);
  });
});

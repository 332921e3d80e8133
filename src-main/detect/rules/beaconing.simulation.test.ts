// Seeded simulation of the beaconing rule: jittered beacons must alert within 10 connections,
// random traffic at similar rates (Poisson, uniform, bursty browser-like) must stay at ≤ 1 % of
// series alerted. Each flow is turned into what /proc would show at every tick (1 s or 2 s,
// each late by up to 300 ms): ESTABLISHED sockets with owner and bytes while they live, then
// 60 s of owner-less TIME_WAIT dated by the kernel's timer (±10 ms), as the collector gives them.
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src-shared/model';
import { makeSnapshot, proc, T0, tcp } from '../test-support';
import { beaconingRule } from './beaconing';

/** mulberry32: a small seeded generator, so every run simulates the same traffic. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Call {
  start: number;
  durationMs: number;
  bytes: number;
}

type Rng = () => number;
const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
const logBetween = (rng: Rng, lo: number, hi: number): number => Math.exp(between(rng, Math.log(lo), Math.log(hi)));
const exponential = (rng: Rng, mean: number): number => -Math.log(1 - rng() * 0.999_999) * mean;

/** A beacon: sleep period ± jitter (or Cobalt Strike's period × (1 − U·jitter)), a steady short call. */
function beacon(rng: Rng, periodMs: number, jitter: number, oneSided: boolean, untilMs: number): Call[] {
  const duration = logBetween(rng, 5, 1_200);
  const bytes = Math.round(between(rng, 150, 1_500));
  const calls: Call[] = [];
  // The first call comes after the monitor's first tick (≤ 300 ms): what came before is its baseline.
  for (let t = 500 + between(rng, 0, periodMs); t < untilMs;) {
    calls.push({ start: t, durationMs: duration * between(rng, 0.8, 1.2), bytes: Math.round(bytes * between(rng, 0.97, 1.03)) });
    t += oneSided ? periodMs * (1 - rng() * jitter) : periodMs * (1 + between(rng, -jitter, jitter));
  }
  return calls;
}

/** A random request: lifetime from 20 ms to 20 s, request size from 200 B to 20 kB. */
function request(rng: Rng, start: number): Call {
  return { start, durationMs: logBetween(rng, 20, 20_000), bytes: Math.round(logBetween(rng, 200, 20_000)) };
}

type Random = 'poisson' | 'uniform' | 'bursty';

function randomTraffic(rng: Rng, kind: Random, meanMs: number, untilMs: number): Call[] {
  const calls: Call[] = [];
  for (let t = 0; ;) {
    if (kind === 'poisson') t += exponential(rng, meanMs);
    else if (kind === 'uniform') t += between(rng, 0, 2 * meanMs);
    else t += exponential(rng, 2 * meanMs); // a page load every 2 means, then 1–4 requests within 400 ms
    if (t >= untilMs) return calls;
    calls.push(request(rng, t));
    if (kind === 'bursty') {
      const extra = Math.floor(rng() * 4);
      for (let i = 0; i < extra; i++) calls.push(request(rng, t + between(rng, 0, 400)));
    }
  }
}

const OWNER = proc(4242, 'agent');
/** What the collector gives for one outbound socket to the endpoint (a TIME_WAIT socket has no inode, owner or bytes). */
const SOCKET = tcp('192.168.1.10:20000', '203.0.113.50:443', { inode: 0 });

/** Runs the rule over the ticks this flow shows; the number of calls started by the first alert's tick, or null. */
function connectionsToAlert(calls: Call[], tickMs: number, untilMs: number, rng: Rng): number | null {
  const rule = beaconingRule();
  const state = rule.createState();
  const home = { isInternal: () => false, isExternal: () => true, isLocalHost: () => false } as never;
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const closedAt = sorted.map((c) => Math.round(c.start + c.durationMs + between(rng, -10, 10)));
  const open = sorted.map((call, i): Connection => ({ ...SOCKET, localPort: 20_000 + (i % 40_000), inode: 1_000 + i, process: OWNER, bytesSent: call.bytes }));
  const closed = sorted.map((_, i): Connection => ({
    ...SOCKET,
    localPort: 20_000 + (i % 40_000),
    state: 'TIME_WAIT',
    closedAt: T0 + (closedAt[i] as number),
  }));
  let from = 0;
  for (let tick = 0; tick * tickMs <= untilMs; tick++) {
    const t = tick * tickMs + between(rng, 0, 300);
    const connections: Connection[] = [];
    while (from < sorted.length && (closedAt[from] as number) + 60_000 < t) from++;
    for (let i = from; i < sorted.length && (sorted[i] as Call).start <= t; i++) {
      const call = sorted[i] as Call;
      connections.push((t < call.start + call.durationMs ? open[i] : closed[i]) as Connection);
    }
    const findings = rule.evaluate(makeSnapshot({ time: T0 + t, connections }), state, { homeNet: home, now: T0 + t });
    if (findings.length > 0) return sorted.filter((c) => c.start <= t).length;
  }
  return null;
}

const TICKS = [1_000, 2_000];
const percent = (n: number, of: number): string => `${((100 * n) / of).toFixed(2)} %`;

describe('beaconing simulation (seeded)', () => {
  it('alerts on every beacon of 3–10 s with up to 20 % jitter within 10 connections, at 1 s and 2 s ticks', () => {
    const rng = seeded(2026);
    const lines: string[] = [];
    for (const tickMs of TICKS) {
      for (const oneSided of [false, true]) {
        const counts: number[] = [];
        let missed = 0;
        const trials = 150;
        for (let trial = 0; trial < trials; trial++) {
          const period = between(rng, 3_000, 10_000);
          const calls = beacon(rng, period, between(rng, 0, 0.2), oneSided, 12 * period + 3_000);
          const n = connectionsToAlert(calls, tickMs, 12 * period + 3_000, rng);
          if (n === null) missed++;
          else counts.push(n);
        }
        counts.sort((a, b) => a - b);
        const within10 = counts.filter((n) => n <= 10).length;
        lines.push(
          `tick ${tickMs / 1000} s, ${oneSided ? 'period × (1 − U·jitter)' : 'period ± U·jitter'}: ${within10}/${trials} alerted within 10 connections ` +
            `(median ${counts[Math.floor(counts.length / 2)]}, max ${counts.at(-1)}), ${missed} missed in 12 periods`,
        );
        expect(within10, lines.at(-1)).toBe(trials);
      }
    }
    console.log(`[beacon simulation] connections to detect\n  ${lines.join('\n  ')}`);
  }, 120_000);

  it('alerts on at most 1 % of random series (Poisson, uniform, bursty) at similar rates, over 12 minutes each', () => {
    const rng = seeded(7);
    const lines: string[] = [];
    for (const tickMs of TICKS) {
      for (const kind of ['poisson', 'uniform', 'bursty'] as Random[]) {
        let alerted = 0;
        let connections = 0;
        const trials = 150;
        const untilMs = 12 * 60_000;
        for (let trial = 0; trial < trials; trial++) {
          const calls = randomTraffic(rng, kind, between(rng, 3_000, 10_000), untilMs);
          connections += calls.length;
          if (connectionsToAlert(calls, tickMs, untilMs, rng) !== null) alerted++;
        }
        lines.push(`tick ${tickMs / 1000} s, ${kind}: ${alerted}/${trials} series alerted (${percent(alerted, trials)}), ${connections} connections`);
        expect(alerted / trials, lines.at(-1)).toBeLessThanOrEqual(0.01);
      }
    }
    console.log(`[beacon simulation] false alerts\n  ${lines.join('\n  ')}`);
  }, 300_000);
});

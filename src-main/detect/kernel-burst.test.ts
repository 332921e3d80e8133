import { describe, expect, it } from 'vitest';
import type { KernelCounters } from '../../src-shared/model';
import { kernel } from './test-support';
import { createKernelBurstState, detectKernelBurst, type KernelBurstSettings } from './kernel-burst';

const SETTINGS: KernelBurstSettings = { counters: ['tcpOutRsts', 'udpNoPorts'], minRate: 20, baselineFactor: 5, baselineTicks: 30 };

/** Runs 1-s ticks over cumulative counters; returns the tick indices that burst. */
function burstingTicks(series: Partial<KernelCounters>[]): number[] {
  const state = createKernelBurstState();
  const out: number[] = [];
  series.forEach((counters, i) => {
    if (detectKernelBurst(kernel(counters), 1_000_000 + i * 1000, state, SETTINGS)) out.push(i);
  });
  return out;
}

describe('detectKernelBurst', () => {
  it('catches a UDP scan that ramps up from the first ticks of monitoring (its ramp is not learnt as normal)', () => {
    // Udp NoPorts of the lab victim, one line a second, as nmap -sU -T4 started (fresh-clone CI at 6e8befb, udp-scan-in).
    const noPorts = [3, 3, 27, 63, 162, 292, 476];
    expect(burstingTicks(noPorts.map((udpNoPorts) => ({ udpNoPorts })))).toEqual([5, 6]);
  });

  it('learns a rate that stays above the floor for as long as the baseline, and bursts only well above it then', () => {
    const steady = Array.from({ length: 40 }, (_, i) => ({ tcpOutRsts: i * 50 }));
    const bursts = burstingTicks(steady);
    // 50/s is under five times the floor (100/s) while nothing is known, and learnt after 30 ticks.
    expect(bursts).toEqual([]);
    const thenScan = [...steady, { tcpOutRsts: 39 * 50 + 200 }, { tcpOutRsts: 39 * 50 + 200 + 2000 }];
    expect(burstingTicks(thenScan)).toEqual([41]);
  });

  it('remembers when a run of bursting ticks began', () => {
    const state = createKernelBurstState();
    const times = [0, 1000, 2000, 3000, 4000, 5000].map((t) => 1_000_000 + t);
    const rsts = [0, 1, 2, 3000, 6000, 6001];
    const since = rsts.map((tcpOutRsts, i) => detectKernelBurst(kernel({ tcpOutRsts }), times[i] ?? 0, state, SETTINGS)?.since);
    expect(since).toEqual([undefined, undefined, undefined, 1_002_000, 1_002_000, undefined]);
  });
});

// Bursts in the kernel's cumulative TCP/UDP/ICMP counters: what a scan of closed ports leaves behind
// (UDP NoPorts counts every probe of a closed UDP port; the ICMP replies to them are rate-limited).
import type { KernelCounters } from '../../src-shared/model';
import { median, round } from '../../src-shared/stats';

export type ScanCounter = 'tcpOutRsts' | 'icmpOutDestUnreachs' | 'tcpAttemptFails' | 'udpNoPorts';

export interface KernelBurstSettings {
  counters: ScanCounter[];
  /** Events per second a counter must reach (five times this before 3 quiet ticks are known) … */
  minRate: number;
  /** … and this many times its median rate over the baseline. */
  baselineFactor: number;
  /** Quiet ticks kept as the baseline. */
  baselineTicks: number;
}

export interface KernelBurst {
  deltas: Partial<Record<ScanCounter, number>>;
  rates: Partial<Record<ScanCounter, number>>;
  baselines: Partial<Record<ScanCounter, number>>;
  intervalSec: number;
  /** When this run of bursting ticks began (the time of the tick before its first). */
  since: number;
}

export interface KernelBurstState {
  previous?: KernelCounters;
  previousTime?: number;
  baseline: Map<ScanCounter, number[]>;
  /** Consecutive ticks each counter ran at or above the floor rate (bursting or not). */
  elevatedTicks: Map<ScanCounter, number>;
  burstSince?: number;
}

export function createKernelBurstState(): KernelBurstState {
  return { baseline: new Map(), elevatedTicks: new Map() };
}

/** Compares this tick's counters with the previous tick's; returns the counters that burst, if any. */
export function detectKernelBurst(
  current: KernelCounters | undefined,
  time: number,
  state: KernelBurstState,
  settings: KernelBurstSettings,
): KernelBurst | null {
  const previous = state.previous;
  const previousTime = state.previousTime;
  state.previous = current;
  state.previousTime = time;
  if (!current || !previous || previousTime === undefined) return null;
  const intervalSec = (time - previousTime) / 1000;
  if (!(intervalSec > 0)) return null;
  const burst: KernelBurst = { deltas: {}, rates: {}, baselines: {}, intervalSec: round(intervalSec), since: state.burstSince ?? previousTime };
  for (const counter of settings.counters) {
    const delta = current[counter] - previous[counter];
    if (!Number.isFinite(delta) || delta < 0) continue;
    const rate = delta / intervalSec;
    const history = state.baseline.get(counter) ?? [];
    // Until a few quiet ticks are known, only a rate far above the floor counts.
    const base = history.length >= 3 ? median(history) : settings.minRate;
    if (rate >= settings.minRate && rate >= settings.baselineFactor * base) {
      burst.deltas[counter] = delta;
      burst.rates[counter] = round(rate, 1);
      burst.baselines[counter] = round(base, 2);
    }
    learnBaseline(state, counter, rate, settings);
  }
  const bursting = Object.keys(burst.rates).length > 0;
  state.burstSince = bursting ? burst.since : undefined;
  return bursting ? burst : null;
}

/**
 * Only quiet ticks (under the floor rate) feed a counter's baseline, so neither a scan nor the
 * ramp-up of one becomes "normal" — unless the rate stays up as long as the baseline itself,
 * which means the host's normal has changed.
 */
function learnBaseline(state: KernelBurstState, counter: ScanCounter, rate: number, settings: KernelBurstSettings): void {
  const elevated = rate >= settings.minRate ? (state.elevatedTicks.get(counter) ?? 0) + 1 : 0;
  state.elevatedTicks.set(counter, elevated);
  if (elevated > 0 && elevated < settings.baselineTicks) return;
  const history = state.baseline.get(counter) ?? [];
  history.push(rate);
  if (history.length > settings.baselineTicks) history.shift();
  state.baseline.set(counter, history);
}

// How regular a series of connection starts is: RITA-style dispersion scores, plus the two gates
// that decide whether a short series is a beacon rather than chance.
import { bowleySkew, clamp01, median, medianAbsoluteDeviation } from '../../../src-shared/stats';

export interface BeaconEvent {
  /** When the connection happened: its close by the kernel's TIME_WAIT timer when `precise`, else the tick that first saw it. */
  time: number;
  precise: boolean;
  connections: number;
  /** Largest bytesSent seen on the event's connections; undefined when the kernel gave none. */
  bytes?: number;
  /**
   * Bounds of the connection's lifetime, when the kernel dated its close: it started after the
   * tick before the one that first saw it (or before that one saw it open).
   */
  lifetime?: { min: number; max: number };
}

export interface BeaconScoreConfig {
  /** Starts needed when every start is dated by the kernel (the fast path). */
  minConnections: number;
  /** Largest spread of the intervals, (max − min) / ((max + min) / 2): ±20 % jitter spreads 0.4. */
  maxSpread: number;
  /** Kernel-dated starts are tested in windows of up to this many latest starts … */
  maxWindow: number;
  /** … of which one interval in this many may be an outlier (a missed or retried call). */
  intervalsPerOutlier: number;
  /** Shortest period the fast path scores, in ms. */
  minPeriodMs: number;
  /** Starts needed when some starts are only dated by ticks (the slow path, as the sampling allows). */
  tickDatedMinConnections: number;
  /** Starts at which the count part of the score reaches 1. */
  fullScoreConnections: number;
  /** Slow path: alert when the score (0..1) reaches this … */
  scoreThreshold: number;
  /** Fast path: the size and lifetime scores, where known, must reach this (the spread gate judges the timing). */
  minSupportScore: number;
  /** … and (slow path) at least this fraction of intervals lie within the tolerance of the period … */
  minConsistency: number;
  /** … the tolerance being half a tick plus this fraction of the period. */
  consistencyTolerance: number;
  /** Slow path: periods shorter than this many ticks need `shortPeriodMinConnections` starts and `shortPeriodMinConsistency`. */
  shortPeriodTicks: number;
  shortPeriodMinConnections: number;
  shortPeriodMinConsistency: number;
  /** Slow path: shortest period scored, in ticks. */
  minPeriodTicks: number;
}

export interface BeaconScore {
  /** 'kernel-dated' when every start of the tested window was dated by the kernel, else 'tick-dated'. */
  path: 'kernel-dated' | 'tick-dated';
  score: number;
  tsScore: number;
  dsScore: number | null;
  durationScore: number | null;
  periodMs: number;
  jitterMs: number;
  skew: number;
  /** (max − min) / midrange of the window's intervals, outliers left out. */
  spread: number;
  outliers: number;
  medianBytes: number | null;
  connectionsPerStart: number;
  /** Fraction of intervals within tolerance of the period … */
  consistency: number;
  /** … and the fraction this period needs. */
  requiredConsistency: number;
  /** Starts scored. */
  count: number;
  /** The verdict: regular enough, with enough starts, to report. */
  beacon: boolean;
}

/** Dispersion score of positive values (sizes, durations): skew, MAD relative to the median. */
function dispersionScore(values: number[]): { score: number; median: number } {
  const m = median(values);
  const mad = medianAbsoluteDeviation(values);
  const madScore = m > 0 ? clamp01(1 - mad / m) : mad === 0 ? 1 : 0;
  return { score: (1 - Math.abs(bowleySkew(values)) + madScore) / 2, median: m };
}

/**
 * Lifetime regularity from bounds: the largest share of connections whose lifetime bounds share
 * one value (a beacon's calls last alike; random requests last from milliseconds to minutes).
 */
export function lifetimeScore(bounds: readonly { min: number; max: number }[]): number {
  const edges = bounds.flatMap((b) => [
    { at: b.min, delta: 1 },
    { at: b.max, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || b.delta - a.delta);
  let open = 0;
  let most = 0;
  for (const edge of edges) {
    open += edge.delta;
    most = Math.max(most, open);
  }
  return bounds.length ? most / bounds.length : 0;
}

/**
 * The tightest group of all but `outliers` intervals: its spread and its centre. Sorting makes
 * the group a run of neighbours, so each candidate is one slice.
 */
export function tightestSpread(intervals: readonly number[], outliers: number): { spread: number; centre: number } {
  const s = [...intervals].sort((a, b) => a - b);
  const keep = s.length - outliers;
  let best = { spread: Infinity, centre: NaN };
  for (let i = 0; i + keep <= s.length; i++) {
    const lo = s[i] as number;
    const hi = s[i + keep - 1] as number;
    const spread = lo + hi > 0 ? (hi - lo) / ((hi + lo) / 2) : Infinity;
    if (spread < best.spread) best = { spread, centre: (hi + lo) / 2 };
  }
  return best;
}

/**
 * Whether a call still open fits the period: it was first seen at its tick and will close after
 * it, within about the others' longest lifetime, so its interval from the last close is bounded.
 */
function openTailFits(tail: BeaconEvent, closed: readonly BeaconEvent[], tight: { spread: number; centre: number }): boolean {
  const last = closed[closed.length - 1] as BeaconEvent;
  const lifetimes = closed.map((e) => e.lifetime?.max).filter((m): m is number => m !== undefined);
  const longest = lifetimes.length ? median(lifetimes) : 0;
  const half = (tight.spread * tight.centre) / 2;
  return tail.time - last.time <= tight.centre + half && tail.time + longest - last.time >= tight.centre - half;
}

function intervalsOf(events: readonly BeaconEvent[]): number[] {
  const intervals: number[] = [];
  for (let i = 1; i < events.length; i++) intervals.push((events[i] as BeaconEvent).time - (events[i - 1] as BeaconEvent).time);
  return intervals;
}

interface TimingGate {
  precise: boolean;
  events: readonly BeaconEvent[];
  intervals: number[];
  periodMs: number;
  resolutionMs: number;
  spread: number;
  outliers: number;
  consistency: number;
  requiredConsistency: number;
  passes: boolean;
}

/**
 * The timing gate. Kernel-dated starts (±10 ms) allow a strict one: every interval of the latest
 * window (but one in `intervalsPerOutlier`) within `maxSpread`; simulated Poisson, uniform and
 * bursty traffic almost never line up so. Tick-dated starts blur each interval by up to a tick,
 * so they need more starts, most intervals near the period (`consistency`), more again when the
 * period is short.
 */
function timingGate(all: readonly BeaconEvent[], tickMs: number, config: BeaconScoreConfig): TimingGate | null {
  // Too few starts for either path: most series are, and this costs no copies.
  if (all.length < Math.min(config.minConnections - 1, config.tickDatedMinConnections)) return null;
  // The latest call may still be open (dated by its tick until its close shows): the spread is
  // tested without it, and it counts towards the minimum if its timing fits.
  const openTail = all.length > 0 && !(all[all.length - 1] as BeaconEvent).precise ? all[all.length - 1] : undefined;
  const end = all.length - (openTail ? 1 : 0);
  const latest = all.slice(Math.max(0, end - config.maxWindow), end);
  const precise = latest.length > 1 && latest.every((e) => e.precise);
  const events = precise ? latest : all;
  const minimum = precise ? config.minConnections - (openTail ? 1 : 0) : config.tickDatedMinConnections;
  if (events.length < minimum) return null;
  const intervals = intervalsOf(events);
  const periodMs = median(intervals);
  if (!(periodMs > 0)) return null;
  if (precise ? periodMs < config.minPeriodMs : periodMs < config.minPeriodTicks * tickMs) return null;
  const resolutionMs = precise ? 0 : tickMs / 2;
  const outliers = precise ? Math.floor(intervals.length / config.intervalsPerOutlier) : 0;
  const tight = tightestSpread(intervals, outliers);
  const short = !precise && periodMs < config.shortPeriodTicks * tickMs;
  const band = short ? tickMs * 1.01 : resolutionMs + config.consistencyTolerance * periodMs;
  const consistency = intervals.filter((i) => Math.abs(i - periodMs) <= band).length / intervals.length;
  const requiredConsistency = short ? config.shortPeriodMinConsistency : config.minConsistency;
  const passes = precise
    ? tight.spread <= config.maxSpread && (openTail === undefined || events.length >= config.minConnections || openTailFits(openTail, events, tight))
    : (!short || events.length >= config.shortPeriodMinConnections) && consistency >= requiredConsistency;
  return { precise, events, intervals, periodMs, resolutionMs, spread: tight.spread, outliers, consistency, requiredConsistency, passes };
}

/**
 * RITA-style score of start times (Bowley skew, median absolute deviation relative to the median
 * interval, connection count) joined by the dispersion of bytes sent and of lifetimes where the
 * kernel gave them. A session gives far fewer starts than RITA's day of logs, so the verdict also
 * needs the timing gate. With `onlyBeacons`, series that fail the gate cost no scoring (null).
 */
export function scoreBeacon(all: readonly BeaconEvent[], tickMs: number, config: BeaconScoreConfig, onlyBeacons = false): BeaconScore | null {
  const gate = timingGate(all, tickMs, config);
  if (!gate || (onlyBeacons && !gate.passes)) return null;
  const { events, intervals, periodMs, precise } = gate;
  const jitterMs = medianAbsoluteDeviation(intervals);
  const skew = bowleySkew(intervals);
  // Kernel dating leaves no sampling blur; tick dating blurs each start by up to a tick.
  const tsMadScore = clamp01(1 - Math.max(0, jitterMs - gate.resolutionMs) / periodMs);
  const countScore = clamp01(events.length / config.fullScoreConnections);
  // Dispersion is what tells a beacon from chance, so it weighs double (RITA weighs all three alike).
  const tsScore = (1 - Math.abs(skew) + 2 * tsMadScore + countScore) / 4;

  const sizes = events.map((e) => e.bytes).filter((b): b is number => b !== undefined);
  const sized = sizes.length >= Math.max(3, events.length / 2) ? dispersionScore(sizes) : null;
  // Small check-ins are how beacons call home; bulk transfers are not.
  const dsScore = sized ? (2 * sized.score + clamp01(1 - sized.median / 65_535)) / 3 : null;
  const lifetimes = events.map((e) => e.lifetime).filter((d): d is { min: number; max: number } => d !== undefined);
  const durationScore = lifetimes.length >= Math.max(3, events.length / 2) ? lifetimeScore(lifetimes) : null;
  const parts = [tsScore, ...(dsScore === null ? [] : [dsScore]), ...(durationScore === null ? [] : [durationScore])];
  const connectionsPerStart = median(events.map((e) => e.connections));
  // A pool of parallel connections per start is how browsers fetch, not how beacons call home.
  const poolPenalty = connectionsPerStart > 2 ? 0.5 : 1;
  const score = (parts.reduce((a, b) => a + b, 0) / parts.length) * poolPenalty;
  // Fast path: Bowley skew and MAD of nine intervals swing too much to gate on; the spread gate is
  // stricter on timing, and sizes and lifetimes, where known, must not contradict it.
  const supported = (dsScore ?? 1) >= config.minSupportScore && (durationScore ?? 1) >= config.minSupportScore;
  const beacon = gate.passes && (precise ? supported && poolPenalty === 1 : score >= config.scoreThreshold);
  return {
    path: precise ? 'kernel-dated' : 'tick-dated',
    score,
    tsScore,
    dsScore,
    durationScore,
    periodMs,
    jitterMs,
    skew,
    spread: gate.spread,
    outliers: gate.outliers,
    medianBytes: sized?.median ?? null,
    connectionsPerStart,
    consistency: gate.consistency,
    requiredConsistency: gate.requiredConsistency,
    count: events.length,
    beacon,
  };
}

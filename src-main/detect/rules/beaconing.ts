import type { Connection, Finding, ProcessRef, Severity } from '../../../src-shared/model';
import { ConnectionTracker, freshConnections, inboundTest } from '../connection-tracker';
import { endpointText, isoTime, processEvidence, processLabel } from '../format';
import { bowleySkew, clamp01, median, medianAbsoluteDeviation, round } from '../stats';
import type { Rule, ThresholdSpecs } from '../types';

export interface BeaconingConfig {
  enabled: boolean;
  /** Severity for beacons to external endpoints. */
  severity: Severity;
  /** Severity for beacons to internal (HOME_NET) endpoints, or null to ignore them. */
  internalSeverity: Severity | null;
  /** Connection starts (ticks with new connections) needed before a series is scored. */
  minConnections: number;
  /** Starts at which the count part of the score reaches 1. */
  fullScoreConnections: number;
  /** Alert when the score (0..1) reaches this … */
  scoreThreshold: number;
  /** … and at least this fraction of intervals lie within the tolerance of the period … */
  minConsistency: number;
  /** … the tolerance being half a tick plus this fraction of the period. */
  consistencyTolerance: number;
  /**
   * Periods shorter than this many ticks are poorly resolved by sampling (random traffic at a
   * similar rate looks alike), so they need `shortPeriodMinConnections` starts and
   * `shortPeriodMinConsistency` of the intervals within one tick of the period.
   */
  shortPeriodTicks: number;
  shortPeriodMinConnections: number;
  shortPeriodMinConsistency: number;
  /** Shortest period scored, in ticks: faster "beacons" cannot be told from a busy client. */
  minPeriodTicks: number;
  /** Starts kept per series (sliding window). */
  maxEvents: number;
  /** A series with no new connection for this long is forgotten. */
  maxSilenceMs: number;
  /** Most process + endpoint series tracked. */
  maxSeries: number;
}

export const DEFAULT_BEACONING_CONFIG: BeaconingConfig = {
  enabled: true,
  severity: 'MEDIUM',
  internalSeverity: 'LOW',
  minConnections: 8,
  fullScoreConnections: 10,
  scoreThreshold: 0.8,
  minConsistency: 0.8,
  consistencyTolerance: 0.15,
  shortPeriodTicks: 4,
  shortPeriodMinConnections: 16,
  shortPeriodMinConsistency: 0.9,
  minPeriodTicks: 2,
  maxEvents: 100,
  maxSilenceMs: 30 * 60_000,
  maxSeries: 5_000,
};

interface BeaconEvent {
  time: number;
  connections: number;
  /** Largest bytesSent seen on the event's connections; undefined when the kernel gave none. */
  bytes?: number;
}

interface Series {
  who: string;
  address: string;
  port: number;
  process?: ProcessRef;
  events: BeaconEvent[];
  reported: boolean;
}

interface LiveConnection {
  event: BeaconEvent;
  seen: number;
}

interface BeaconingState {
  tracker: ConnectionTracker;
  series: Map<string, Series>;
  /** remote endpoint → last process seen talking to it, to name sockets first seen in TIME_WAIT. */
  owners: Map<string, { process: ProcessRef; time: number }>;
  /** Socket inode → the start it belongs to, to pick up its byte count while it lives. */
  live: Map<number, LiveConnection>;
  lastTime?: number;
  tickIntervals: number[];
  lastSweep: number;
}

export interface BeaconScore {
  score: number;
  tsScore: number;
  dsScore: number | null;
  periodMs: number;
  jitterMs: number;
  skew: number;
  medianBytes: number | null;
  connectionsPerStart: number;
  /** Fraction of intervals within tolerance of the period … */
  consistency: number;
  /** … and the fraction this period needs. */
  requiredConsistency: number;
}

/**
 * RITA-style regularity score of connection start times and sizes: Bowley skew, median absolute
 * deviation (relative to the median interval) and connection count, each scored 0..1. Jitter below
 * half the sampling interval is measurement resolution, not irregularity. Because a session gives
 * far fewer starts than RITA's day of logs, `consistency` (share of intervals near the period) is a
 * second gate: simulated Poisson and uniform traffic pass the score alone far too often.
 */
/** Connections starting this close together count as one start (a pool opened at once). */
const MERGE_MS = 250;

/**
 * When a connection started, as well as it can be known: one first seen in TIME_WAIT was short-lived,
 * and the kernel's TIME_WAIT timer dates its close to 10 ms, which beats the tick that saw it. Never
 * before the series' previous start, so the series stays ordered.
 */
export function startTime(c: Connection, now: number, tickMs: number, previous: number | undefined): number {
  const closedAt = c.state === 'TIME_WAIT' ? c.closedAt : undefined;
  const plausible = closedAt !== undefined && closedAt > now - 2 * tickMs && closedAt < now + tickMs;
  const at = plausible ? closedAt : now;
  return previous !== undefined && at < previous ? previous : at;
}

export function scoreBeacon(events: readonly BeaconEvent[], tickMs: number, config: BeaconingConfig): BeaconScore | null {
  if (events.length < config.minConnections) return null;
  const intervals: number[] = [];
  for (let i = 1; i < events.length; i++) intervals.push((events[i] as BeaconEvent).time - (events[i - 1] as BeaconEvent).time);
  const periodMs = median(intervals);
  if (!(periodMs > 0) || periodMs < config.minPeriodTicks * tickMs) return null;
  const jitterMs = medianAbsoluteDeviation(intervals);
  const skew = bowleySkew(intervals);
  const tsSkewScore = 1 - Math.abs(skew);
  const tsMadScore = clamp01(1 - Math.max(0, jitterMs - tickMs / 2) / periodMs);
  const countScore = clamp01(events.length / config.fullScoreConnections);
  // Dispersion is what tells a beacon from chance, so it weighs double (RITA weighs all three alike).
  const tsScore = (tsSkewScore + 2 * tsMadScore + countScore) / 4;

  const sizes = events.map((e) => e.bytes).filter((b): b is number => b !== undefined);
  let dsScore: number | null = null;
  let medianBytes: number | null = null;
  if (sizes.length >= Math.max(3, events.length / 2)) {
    medianBytes = median(sizes);
    const mad = medianAbsoluteDeviation(sizes);
    const dsMadScore = medianBytes > 0 ? clamp01(1 - mad / medianBytes) : mad === 0 ? 1 : 0;
    const dsSkewScore = 1 - Math.abs(bowleySkew(sizes));
    const smallness = clamp01(1 - medianBytes / 65_535);
    dsScore = (dsSkewScore + dsMadScore + smallness) / 3;
  }
  const connectionsPerStart = median(events.map((e) => e.connections));
  // A pool of parallel connections per start is how browsers fetch, not how beacons call home.
  const poolPenalty = connectionsPerStart > 2 ? 0.5 : 1;
  const score = (dsScore === null ? tsScore : (tsScore + dsScore) / 2) * poolPenalty;
  const short = periodMs < config.shortPeriodTicks * tickMs;
  if (short && events.length < config.shortPeriodMinConnections) return null;
  const band = short ? tickMs * 1.01 : tickMs / 2 + config.consistencyTolerance * periodMs;
  const consistency = intervals.filter((i) => Math.abs(i - periodMs) <= band).length / intervals.length;
  const requiredConsistency = short ? config.shortPeriodMinConsistency : config.minConsistency;
  return { score, tsScore, dsScore, periodMs, jitterMs, skew, medianBytes, connectionsPerStart, consistency, requiredConsistency };
}

/** What a user may tune, with bounds (the settings schema is built from this). */
export const BEACONING_THRESHOLDS: ThresholdSpecs<BeaconingConfig> = {
  minConnections: { min: 3, max: 10_000, integer: true, unit: 'count', label: 'Connection starts before a series is scored' },
  fullScoreConnections: { min: 3, max: 10_000, integer: true, unit: 'count', label: 'Starts at which the count part of the score is full' },
  scoreThreshold: { min: 0, max: 1, integer: false, unit: 'fraction', label: 'Score (0..1) that raises an alert' },
  minConsistency: { min: 0, max: 1, integer: false, unit: 'fraction', label: 'Fraction of intervals within the tolerance of the period' },
  consistencyTolerance: { min: 0, max: 1, integer: false, unit: 'fraction', label: 'Tolerance as a fraction of the period' },
  shortPeriodTicks: { min: 1, max: 1_000, integer: true, unit: 'ticks', label: 'Periods shorter than this many ticks need more evidence' },
  shortPeriodMinConnections: { min: 3, max: 10_000, integer: true, unit: 'count', label: 'Starts needed for a short period' },
  shortPeriodMinConsistency: { min: 0, max: 1, integer: false, unit: 'fraction', label: 'Consistency needed for a short period' },
  minPeriodTicks: { min: 1, max: 1_000, integer: true, unit: 'ticks', label: 'Shortest period scored' },
  maxSilenceMs: { min: 1_000, max: 86_400_000, integer: true, unit: 'ms', label: 'A series silent this long is forgotten' },
};

export function beaconingRule(overrides: Partial<BeaconingConfig> = {}): Rule<BeaconingState, BeaconingConfig> {
  const config = { ...DEFAULT_BEACONING_CONFIG, ...overrides };
  return {
    id: 'beaconing',
    techniqueId: 'T1071',
    defaultSeverity: config.severity,
    summary: 'Periodic connections from one process to one endpoint (C2 beaconing), scored RITA-style on the regularity of start times and sizes.',
    config,
    thresholds: BEACONING_THRESHOLDS,
    createState: () => ({
      tracker: new ConnectionTracker(), series: new Map(), owners: new Map(), live: new Map(), tickIntervals: [], lastSweep: -Infinity,
    }),
    evaluate(snapshot, state, context) {
      const { homeNet, now } = context;
      if (state.lastTime !== undefined && now > state.lastTime) {
        state.tickIntervals.push(now - state.lastTime);
        if (state.tickIntervals.length > 30) state.tickIntervals.shift();
      }
      state.lastTime = now;
      const tickMs = state.tickIntervals.length ? median(state.tickIntervals) : 2_000;
      const isServerSide = inboundTest(snapshot);
      const outbound = (c: Connection): boolean =>
        c.protocol === 'tcp' && !isServerSide(c)
        && !homeNet.isLocalHost(c.remoteAddress)
        // Neither internal nor external: multicast, broadcast or unparsable.
        && (homeNet.isInternal(c.remoteAddress) || homeNet.isExternal(c.remoteAddress));

      if (state.live.size > 0) {
        for (const c of snapshot.connections) {
          if (c.bytesSent === undefined || !c.inode) continue;
          const live = state.live.get(c.inode);
          if (live) {
            live.seen = now;
            live.event.bytes = Math.max(live.event.bytes ?? 0, c.bytesSent);
          }
        }
      }

      const fresh = freshConnections(snapshot, state.tracker, context);
      for (const c of fresh) {
        if (c.process) state.owners.set(`${c.remoteAddress}|${c.remotePort}`, { process: c.process, time: now });
      }
      const touched = new Set<Series>();
      // Connections open when monitoring starts have unknown start times.
      if (state.tracker.ticks > 1) {
        for (const c of fresh) {
          if (!outbound(c)) continue;
          const internal = homeNet.isInternal(c.remoteAddress);
          if (internal && config.internalSeverity === null) continue;
          const known = c.process ? undefined : state.owners.get(`${c.remoteAddress}|${c.remotePort}`);
          if (known) known.time = now;
          const owner = c.process ?? known?.process;
          const who = owner?.name ?? '?';
          const key = `${who}|${endpointText(c.remoteAddress, c.remotePort)}`;
          let series = state.series.get(key);
          if (series) state.series.delete(key);
          else {
            series = { who, address: c.remoteAddress, port: c.remotePort, events: [], reported: false };
            // Starts seen before the owner was known (TIME_WAIT only) belong to this series.
            const unowned = who === '?' ? undefined : state.series.get(`?|${endpointText(c.remoteAddress, c.remotePort)}`);
            if (unowned) {
              series.events = unowned.events;
              state.series.delete(`?|${endpointText(c.remoteAddress, c.remotePort)}`);
            }
          }
          state.series.set(key, series);
          if (owner) series.process = owner;
          let event = series.events[series.events.length - 1];
          const at = startTime(c, now, tickMs, event?.time);
          if (!event || Math.abs(at - event.time) > Math.min(MERGE_MS, tickMs / 4)) {
            event = { time: at, connections: 0 };
            series.events.push(event);
            if (series.events.length > config.maxEvents) series.events.shift();
          }
          event.connections++;
          if (c.bytesSent !== undefined) event.bytes = Math.max(event.bytes ?? 0, c.bytesSent);
          if (c.inode) state.live.set(c.inode, { event, seen: now });
          touched.add(series);
        }
      }

      for (const [key, live] of state.live) if (live.seen < now) state.live.delete(key);
      if (now - state.lastSweep >= 30_000 || state.owners.size > 50_000) {
        state.lastSweep = now;
        const ownerCutoff = now - 10 * 60_000;
        for (const [key, owner] of state.owners) {
          if (owner.time < ownerCutoff || state.owners.size > 50_000) state.owners.delete(key);
        }
      }
      const silenceCutoff = now - config.maxSilenceMs;
      for (const [key, series] of state.series) {
        const last = series.events[series.events.length - 1];
        if (!last || last.time < silenceCutoff || state.series.size > config.maxSeries) state.series.delete(key);
        else break; // LRU order: the rest are more recent
      }

      const findings: Finding[] = [];
      for (const series of touched) {
        const s = scoreBeacon(series.events, tickMs, config);
        if (!s || s.score < config.scoreThreshold || s.consistency < s.requiredConsistency) continue;
        const internal = homeNet.isInternal(series.address);
        const remote = endpointText(series.address, series.port);
        const first = series.events[0] as BeaconEvent;
        const connections = series.events.reduce((n, e) => n + e.connections, 0);
        findings.push({
          key: `${series.who}|${remote}`,
          severity: internal ? (config.internalSeverity ?? config.severity) : config.severity,
          title: `Beaconing to ${remote} every ${round(s.periodMs / 1000, 1)} s`,
          description: `${processLabel(series.process)} opened connections to ${remote} every ${round(s.periodMs / 1000, 1)} s (jitter ${round(s.jitterMs / 1000, 1)} s) ${series.events.length} times; regularity score ${round(s.score)}.`,
          destination: { address: series.address, port: series.port },
          ...(series.process ? { process: series.process } : {}),
          evidence: {
            periodSec: round(s.periodMs / 1000, 2), jitterSec: round(s.jitterMs / 1000, 2), score: round(s.score, 3),
            timingScore: round(s.tsScore, 3), sizeScore: s.dsScore === null ? null : round(s.dsScore, 3),
            skew: round(s.skew, 3), consistency: round(s.consistency, 2), count: series.events.length, connections,
            connectionsPerStart: s.connectionsPerStart, medianBytesSent: s.medianBytes,
            remote, remoteInternal: internal, firstSeen: isoTime(first.time), lastSeen: isoTime(now),
            samplingIntervalSec: round(tickMs / 1000, 2), ...processEvidence(series.process),
          },
          occurrences: series.reported ? 1 : series.events.length,
        });
        series.reported = true;
      }
      return findings;
    },
  };
}

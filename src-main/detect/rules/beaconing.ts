import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, Severity } from '../../../src-shared/model';
import { ConnectionTracker, freshConnections, inboundTest } from '../connection-tracker';
import { finding, isoTime, processLabel } from '../format';
import { median, round } from '../../../src-shared/stats';
import type { Rule, ThresholdSpecs } from '../types';
import { scoreBeacon, type BeaconScore, type BeaconScoreConfig } from './beacon-score';
import { BeaconMemory, type Series } from './beacon-series';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1071; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const APPLICATION_LAYER_PROTOCOL = attackTechnique(
  'T1071',
  'Application Layer Protocol',
  ['Command and Control'],
  'Regular, small connections suggest a beacon: inspect the process and its binary, and block the endpoint while investigating.',
);

export { scoreBeacon } from './beacon-score';

export interface BeaconingConfig extends BeaconScoreConfig {
  enabled: boolean;
  /** Severity for beacons to external endpoints. */
  severity: Severity;
  /** Severity for beacons to internal (HOME_NET) endpoints, or null to ignore them. */
  internalSeverity: Severity | null;
  /** Starts kept per series (sliding window). */
  maxEvents: number;
  /** A series with no new connection for this long is forgotten. */
  maxSilenceMs: number;
  /** Most process + endpoint series tracked. */
  maxSeries: number;
}

// The fast path's figures come from the seeded simulation in beaconing.simulation.test.ts.
export const DEFAULT_BEACONING_CONFIG: BeaconingConfig = {
  enabled: true,
  severity: 'MEDIUM',
  internalSeverity: 'LOW',
  minConnections: 10,
  maxSpread: 0.45,
  maxWindow: 20,
  intervalsPerOutlier: 12,
  // Clients polling every couple of seconds are common; the beacons of interest call every 3 s or slower.
  minPeriodMs: 2_250,
  tickDatedMinConnections: 8,
  fullScoreConnections: 10,
  scoreThreshold: 0.8,
  minSupportScore: 0.6,
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

interface BeaconingState {
  tracker: ConnectionTracker;
  memory: BeaconMemory;
  lastTime?: number;
  /** The tick before this one: a connection first seen now started after it. */
  previousTime?: number;
  tickIntervals: number[];
}

function beaconFinding(series: Series, s: BeaconScore, internal: boolean, now: number, config: BeaconingConfig): Finding {
  const remote = formatEndpoint(series.address, series.port);
  const first = series.events[0];
  const connections = series.events.reduce((n, e) => n + e.connections, 0);
  const period = round(s.periodMs / 1000, 1);
  return finding({
    key: `${series.who}|${remote}`,
    severity: internal ? (config.internalSeverity ?? config.severity) : config.severity,
    title: `Beaconing to ${remote} every ${period} s`,
    description: `${processLabel(series.process)} opened connections to ${remote} every ${period} s (jitter ${round(s.jitterMs / 1000, 1)} s) ${series.events.length} times; regularity score ${round(s.score)}.`,
    destination: { address: series.address, port: series.port },
    process: series.process,
    evidence: {
      periodSec: round(s.periodMs / 1000, 2),
      jitterSec: round(s.jitterMs / 1000, 2),
      score: round(s.score, 3),
      timingScore: round(s.tsScore, 3),
      sizeScore: s.dsScore === null ? null : round(s.dsScore, 3),
      durationScore: s.durationScore === null ? null : round(s.durationScore, 3),
      skew: round(s.skew, 3),
      spread: round(s.spread, 3),
      outliers: s.outliers,
      dating: s.path,
      consistency: round(s.consistency, 2),
      count: series.events.length,
      scoredStarts: s.count,
      connections,
      connectionsPerStart: s.connectionsPerStart,
      medianBytesSent: s.medianBytes,
      remote,
      remoteInternal: internal,
      firstSeen: isoTime(first?.time ?? now),
      lastSeen: isoTime(now),
    },
    occurrences: series.reported ? 1 : series.events.length,
  });
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
    technique: APPLICATION_LAYER_PROTOCOL,
    defaultSeverity: config.severity,
    summary: 'Periodic connections from one process to one endpoint (C2 beaconing), scored RITA-style on the regularity of start times, sizes and lifetimes.',
    readme: {
      needs: ['sockets', 'owners', 'tcpInfo'],
      detects:
        'Beaconing: regular, small, repeated connections from one process to one endpoint; a call every 3–10 s with up to 20 % jitter is reported by its 10th connection when the kernel dates the calls (short calls seen in TIME_WAIT, or seen open and then closed by this host), later (16 calls at short periods) when only ticks date them; bytes sent and lifetimes must not contradict the timing; names the process when any tick saw one of its sockets to the endpoint. Seeded simulation: `npx vitest run src-main/detect/rules/beaconing.simulation.test.ts`',
      severity: 'MEDIUM (LOW to internal hosts)',
    },
    config,
    thresholds: BEACONING_THRESHOLDS,
    createState: () => ({ tracker: new ConnectionTracker(), memory: new BeaconMemory(config), tickIntervals: [] }),
    evaluate(snapshot, state, context) {
      const { homeNet, now } = context;
      if (state.lastTime !== undefined && now > state.lastTime) {
        state.tickIntervals.push(now - state.lastTime);
        if (state.tickIntervals.length > 30) state.tickIntervals.shift();
      }
      state.previousTime = state.lastTime;
      state.lastTime = now;
      const tickMs = state.tickIntervals.length ? median(state.tickIntervals) : 2_000;
      const isServerSide = inboundTest(snapshot);
      const outbound = (c: Connection): boolean =>
        c.protocol === 'tcp' &&
        !isServerSide(c) &&
        !homeNet.isLocalHost(c.remoteAddress) &&
        // Neither internal nor external: multicast, broadcast or unparsable.
        (homeNet.isInternal(c.remoteAddress) || homeNet.isExternal(c.remoteAddress));

      const previousTick = state.previousTime ?? now - tickMs;
      const touched = state.memory.follow(snapshot.connections, now);
      const fresh = freshConnections(snapshot, state.tracker, context);
      // Connections open when monitoring starts have unknown start times.
      if (state.tracker.ticks > 1) {
        for (const c of fresh) {
          if (!outbound(c)) continue;
          if (config.internalSeverity === null && homeNet.isInternal(c.remoteAddress)) continue;
          touched.add(state.memory.record(c, now, tickMs, previousTick));
        }
      }
      state.memory.sweep(now);

      const findings: Finding[] = [];
      for (const series of touched) {
        if (!state.memory.series.has(series.key)) continue;
        const s = scoreBeacon(series.events, tickMs, config, true);
        if (!s?.beacon) continue;
        findings.push(beaconFinding(series, s, homeNet.isInternal(series.address), now, config));
        series.reported = true;
      }
      return findings;
    },
  };
}

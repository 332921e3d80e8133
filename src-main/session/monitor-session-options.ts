// What a MonitorSession is built from: timing, detection settings, privacy, and what its batches carry.
import type { Alert, CoverageWarning, Endpoint, Severity } from '../../src-shared/model';
import type { SessionSeed } from '../../src-shared/core-protocol';
import type { PrivacyOptions } from '../../src-shared/privacy';
import type { Suppression } from '../../src-shared/settings';
import type { Collector } from '../collect/types';
import { createEngine } from '../detect/engine';
import { defaultRules, type DetectionOverrides } from '../detect/rules';
import type { AnyRule, DetectionEngine } from '../detect/types';
import { enrichEndpoint } from '../enrich/enrich-snapshot';
import type { Enricher } from '../enrich/enricher';

export interface MonitorSessionOptions {
  /** Milliseconds between tick starts (default 2000). A slow tick delays the next one; ticks never overlap. */
  intervalMs?: number;
  /** Stop by itself after this many milliseconds. */
  durationMs?: number;
  /** Extra CIDRs counted as internal (HOME_NET). */
  homeNetCidrs?: string[];
  /** Rule configuration overrides (from the per-rule settings). */
  detection?: DetectionOverrides;
  /** Every alert of a rule gets this severity, by rule id. */
  severityOverrides?: Record<string, Severity>;
  suppressions?: Suppression[];
  /** Coverage warnings known before the first tick (e.g. a threat list that could not be loaded). */
  startCoverage?: CoverageWarning[];
  /** Continue a session a crashed core was running: its alerts, tick count and start time. */
  seed?: SessionSeed;
  /** Defaults to the real host collector. */
  collector?: Collector;
  /** Defaults to every built-in rule. */
  rules?: AnyRule[];
  /** Most bytes per batch (default BATCH_BUDGET_BYTES). */
  batchBudgetBytes?: number;
  /**
   * Whether batches carry the table rows that changed (default true: the app's window keeps its
   * tables from them). False for receivers that read latestSnapshot() instead (the CLI): the
   * per-row diff is skipped and each table delta is empty with its count.
   */
  tableDeltas?: boolean;
  /** Auth logs the default collector follows besides the usual ones (settings.authLogs). */
  authLogs?: readonly string[];
  /** Secret redaction (applied at collection) and which command lines the report keeps. */
  privacy?: Partial<PrivacyOptions>;
  /** Offline country/AS/MAC-vendor data; none by default (the app and CLI pass the bundled one). */
  enricher?: Enricher;
  now?: () => number;
}

/** The detection engine a session with these options runs (its alerts and drop count so far when it continues one). */
export function engineFromOptions(options: MonitorSessionOptions, initialAlerts?: readonly Alert[], droppedBefore?: number): DetectionEngine {
  const rules = options.rules ?? defaultRules(options.detection);
  const enricher = options.enricher;
  return createEngine(rules, {
    homeNetCidrs: options.homeNetCidrs ?? [],
    ...(initialAlerts && { initialAlerts }),
    ...(droppedBefore !== undefined && { droppedBefore }),
    ...(options.severityOverrides && { severityOverrides: options.severityOverrides }),
    ...(options.suppressions && { suppressions: options.suppressions }),
    ...(enricher ? { enrichEndpoint: (endpoint: Endpoint) => enrichEndpoint(enricher, endpoint) } : {}),
  });
}

import type { Alert, Connection, Finding, HostSnapshot, Severity, SeverityCounts } from '../../src-shared/model';
import type { Technique } from '../../src-shared/attack';
import type { SourceId } from './rule-sources';
import type { HomeNet } from '../../src-shared/net';
import type { Suppression, ThresholdBounds } from '../../src-shared/settings';

/** The numeric fields of a rule's config. */
export type NumericKeys<Config> = { [K in keyof Config]-?: Config[K] extends number ? K : never }[keyof Config];

/** The thresholds a user may tune, with their bounds; the settings schema is built from these. */
export type ThresholdSpecs<Config> = { [K in NumericKeys<Config>]?: ThresholdBounds };

/** What every rule gets besides the snapshot. */
export interface RuleContext {
  /** Decides internal vs external for every rule (one HOME_NET setting). */
  homeNet: HomeNet;
  /** The snapshot's time, epoch ms. */
  now: number;
  /**
   * Connections first seen this tick (by 5-tuple, TIME_WAIT included), worked out once by the
   * engine for all rules; a rule run on its own falls back to its own ConnectionTracker.
   */
  newConnections?: Connection[];
  /**
   * Every alert the engine holds, by id, including what earlier rules folded this tick; read only.
   * Lets a rule escalate when another rule's evidence joins (absent when a rule runs alone).
   */
  alerts?: ReadonlyMap<string, Alert>;
}

/**
 * A detection: one module in rules/, pure apart from its own state object.
 * `evaluate` may mutate only `state`, and must not throw on odd input.
 */
export interface Rule<State = unknown, Config = unknown> {
  id: string;
  /**
   * The ATT&CK technique its alerts name, declared in the rule's file with `attackTechnique()` (or
   * imported from the rule that declares it); src-shared/attack-techniques.ts is generated from these.
   */
  technique: Technique;
  defaultSeverity: Severity;
  /** One line for the UI and the settings. */
  summary: string;
  /**
   * The README's detection table row (generated): what it detects, in Markdown (default: summary),
   * a severity range when it varies, and the sources it reads (rule-sources.ts).
   */
  readme?: { detects?: string; severity?: string; needs?: readonly SourceId[] };
  config: Config;
  /** Documented thresholds (numeric config fields) a user may change in the settings. */
  thresholds?: ThresholdSpecs<Config>;
  /**
   * Set when the rule reports each thing once and keeps no time window: given the same host state
   * again (host-state.ts), it finds nothing and leaves its state as it was, so the engine skips it.
   * skip-when-unchanged.test.ts holds every rule that sets it to that.
   */
  skipWhenHostUnchanged?: boolean;
  createState(): State;
  evaluate(snapshot: HostSnapshot, state: State, context: RuleContext): Finding[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, any>;

/** Settings that change while a session runs; they apply from the next evaluate(). */
export interface EngineReconfiguration {
  /** The rules to run; a rule whose config did not change keeps its state (its sliding windows). */
  rules?: AnyRule[];
  homeNetCidrs?: string[];
  severityOverrides?: Record<string, Severity>;
}

/** The engine the session drives: one call per tick, returns the alerts that changed. */
export interface DetectionEngine {
  evaluate(snapshot: HostSnapshot): Alert[];
  /** Queues new rules / HOME_NET / severity overrides for the next tick (overrides then apply to every alert held too); alerts are kept. */
  reconfigure(change: EngineReconfiguration): void;
  /** Replaces the rules' severity overrides and applies them to every alert held at once; returns the alerts whose severity changed. */
  setSeverityOverrides(overrides: Record<string, Severity>): Alert[];
  /** Replaces the suppressions and re-marks every alert at once; returns the alerts whose status changed. */
  setSuppressions(suppressions: readonly Suppression[], now: number): Alert[];
  /** Alerts each suppression holds now, in list order. */
  suppressionCounts(): number[];
  /** Alerts suppressed now. */
  suppressedCount(): number;
  /** Every alert of the session, folded. */
  alerts(): Alert[];
  /** How many active (not suppressed) alerts there are per severity, without copying them (called every tick). */
  severityCounts(): SeverityCounts;
  /** Rule errors of the last tick (a throwing rule is reported here, never thrown). */
  lastErrors(): string[];
  /** Milliseconds each rule took in the last tick, by rule id. */
  lastTimings?(): Record<string, number>;
  /** Alerts not kept on their own since the engine was created: evicted at the cap, or folded into a flood summary. */
  droppedCount(): number;
  /** Ids of alerts evicted during the last evaluate() (an id evicted and re-created in the same tick is not listed). */
  lastDroppedIds(): string[];
}

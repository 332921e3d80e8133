import type { Alert, Connection, Finding, HostSnapshot, Severity, SeverityCounts } from '../../src-shared/model';
import type { TechniqueId } from '../../src-shared/attack';
import type { HomeNet } from '../../src-shared/net';

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
  techniqueId: TechniqueId;
  defaultSeverity: Severity;
  /** One line for docs and the UI. */
  summary: string;
  config: Config;
  createState(): State;
  evaluate(snapshot: HostSnapshot, state: State, context: RuleContext): Finding[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, any>;

/** The engine the session drives: one call per tick, returns the alerts that changed. */
export interface DetectionEngine {
  evaluate(snapshot: HostSnapshot): Alert[];
  /** Every alert of the session, folded. */
  alerts(): Alert[];
  /** How many alerts there are per severity, without copying them (called every tick). */
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

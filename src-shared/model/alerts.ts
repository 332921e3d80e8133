// Severities, a rule's findings and the alerts the engine folds them into.
// Part of the data contract (src-shared/model); pure types and constants.
import type { Endpoint, ProcessRef } from './sockets';

export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
export type SeverityCounts = Record<Severity, number>;
export type EvidenceValue = string | number | boolean | null | string[] | number[];

/** What a rule reports for one tick; the engine folds findings into alerts. */
export interface Finding {
  /** Folding key within the rule, e.g. `${pid}|${remote}`. */
  key: string;
  severity: Severity;
  title: string;
  description: string;
  source?: Endpoint;
  destination?: Endpoint;
  process?: ProcessRef;
  evidence: Record<string, EvidenceValue>;
  /** How many new occurrences this finding stands for (default 1). */
  occurrences?: number;
}

/** A suppressed alert is still recorded, but raises no notification and counts in no severity total or risk. */
export type AlertStatus = 'active' | 'suppressed';

/** A suppression as the settings hold it, and as an alert carries the one that matched it. */
export interface AlertSuppression {
  /** An alert's id (`rule:key`, as in the report's threat_events[].id). */
  key?: string;
  rule?: string;
  /** An ATT&CK id; a technique also covers its sub-techniques (T1090 covers T1090.003). */
  technique?: string;
  /** A process name, or an executable path when it contains a `/`. */
  process?: string;
  /** An address, `address:port` (`[v6]:port`) or a CIDR. */
  destination?: string;
  /** ISO time after which the suppression no longer applies. */
  until?: string;
  reason?: string;
}

export interface Alert {
  /** Stable: `${ruleId}:${key}`. */
  id: string;
  ruleId: string;
  techniqueId: string;
  severity: Severity;
  title: string;
  description: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  source?: Endpoint;
  destination?: Endpoint;
  process?: ProcessRef;
  evidence: Record<string, EvidenceValue>;
  /** Absent means active. */
  status?: AlertStatus;
  /** Set while status is 'suppressed'. */
  suppressedBy?: AlertSuppression;
  /** The severity the rule gave, kept while a settings override (rules.<id>.severity) replaces it in `severity`. */
  ruleSeverity?: Severity;
}

export function emptySeverityCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
}

import type { Alert, Endpoint, Finding, Severity } from '../../src-shared/model';
import { emptySeverityCounts, type SeverityCounts } from '../../src-shared/model';
import type { Suppression } from '../../src-shared/settings';
import { higherSeverity, reapplyOverrides, ruleSeverityOf, settleSeverity } from '../../src-shared/severity-override';
import { AlertStore } from './alert-store';
import { DEFAULT_FLOOD, FloodFolder, summaryKey, type FloodOptions } from './flood-fold';
import { SuppressionState } from './suppression-state';
import type { AnyRule } from './types';

export interface EngineAlertOptions {
  /** Every alert of a rule gets this severity, by rule id. */
  severityOverrides?: Record<string, Severity>;
  suppressions?: Suppression[];
  /** Most alerts kept (default 5,000); eviction takes the lowest severity first, least recently seen within it. */
  maxAlerts?: number;
  /** New keys one rule may create per process within a window before the rest fold into one summary alert. */
  flood?: Partial<FloodOptions>;
  /** Adds what is known about an alert's endpoint (country, AS); applied when the alert changes. */
  enrichEndpoint?: (endpoint: Endpoint) => Endpoint;
  /** Alerts of a session being continued (a restarted core): later findings fold into them. */
  initialAlerts?: readonly Alert[];
  /** Alerts that session had dropped already: the drop count goes on from there. */
  droppedBefore?: number;
}

/** Copies handed out, so no caller holds an alert the engine goes on changing. */
export const alertCopies = (alerts: Iterable<Alert>): Alert[] => [...alerts].map((alert) => ({ ...alert }));

/** The engine's alerts: findings folded into them (flood summaries, eviction), their suppression marks and severity overrides. */
export class EngineAlerts {
  readonly store: AlertStore;
  private readonly suppressions: SuppressionState;
  private readonly floods: FloodFolder;
  private readonly enrich: (endpoint: Endpoint) => Endpoint;
  private severityOverrides: Record<string, Severity>;
  private dropped: number;
  private droppedThisTick = new Set<string>();

  constructor(options: EngineAlertOptions) {
    this.severityOverrides = { ...options.severityOverrides };
    this.suppressions = new SuppressionState(options.suppressions ?? []);
    this.store = new AlertStore(options.maxAlerts);
    this.floods = new FloodFolder({ ...DEFAULT_FLOOD, ...options.flood });
    this.enrich = options.enrichEndpoint ?? ((endpoint: Endpoint) => endpoint);
    const seeded = [...(options.initialAlerts ?? [])].sort((a, b) => a.lastSeen - b.lastSeen);
    for (const alert of seeded) this.store.set({ ...alert });
    this.dropped = Math.max(0, options.droppedBefore ?? 0);
  }

  /** Starts a tick's list of evicted ids. */
  beginTick(): void {
    this.droppedThisTick = new Set();
  }

  fold(rule: AnyRule, original: Finding, now: number, changed: Map<string, Alert>): void {
    let finding = original;
    let id = `${rule.id}:${finding.key}`;
    if (!this.store.has(id) && this.floods.shouldFold(rule.id, finding, now)) {
      // A key past the flood threshold is not kept on its own: it counts as dropped, in the summary.
      this.dropped += 1;
      const summaryId = `${rule.id}:${summaryKey(finding)}`;
      const summary = this.store.get(summaryId);
      finding = this.floods.summarise(rule.id, finding, summary?.evidence, summary?.severity);
      id = summaryId;
    }
    const alert = this.merged(rule, finding, id, now, this.store.get(id));
    changed.set(id, alert);
    this.droppedThisTick.delete(id);
    for (const evicted of this.store.set(alert)) {
      this.dropped += 1;
      changed.delete(evicted);
      this.droppedThisTick.add(evicted);
    }
  }

  /** Re-marks every alert when a suppression expired since the last tick. */
  remarkIfExpired(now: number, changed: Map<string, Alert>): void {
    if (this.suppressions.expiredSince(now)) this.remarkAll(now, changed);
  }

  /** Re-marks every alert; those whose status changed go into `changed`. */
  remarkAll(now: number, changed: Map<string, Alert>): void {
    for (const alert of this.store.values()) if (this.suppressions.mark(alert, now)) changed.set(alert.id, alert);
  }

  setSuppressions(list: readonly Suppression[], now: number, changed: Map<string, Alert>): void {
    this.suppressions.set(list, now);
    this.remarkAll(now, changed);
  }

  /** New overrides for every alert held too (re-placed in the eviction order); those whose severity changed go into `changed`. */
  overrideSeverities(next: Record<string, Severity>, changed: Map<string, Alert>): void {
    this.severityOverrides = { ...next };
    for (const alert of reapplyOverrides(this.store.values(), this.severityOverrides).changed) {
      this.store.set(alert);
      changed.set(alert.id, alert);
    }
  }

  suppressionCounts(): number[] {
    return this.suppressions.counts(this.store.values());
  }

  /** Active alerts only: a suppressed alert counts in no severity total. */
  severityCounts(): SeverityCounts {
    if (this.suppressions.list().length === 0) return this.store.counts();
    const counts = emptySeverityCounts();
    for (const alert of this.store.values()) if (alert.status !== 'suppressed') counts[alert.severity] += 1;
    return counts;
  }

  suppressedCount(): number {
    if (this.suppressions.list().length === 0) return 0;
    let count = 0;
    for (const alert of this.store.values()) if (alert.status === 'suppressed') count += 1;
    return count;
  }

  droppedCount(): number {
    return this.dropped;
  }

  lastDroppedIds(): string[] {
    return [...this.droppedThisTick];
  }

  private merged(rule: AnyRule, finding: Finding, id: string, now: number, previous: Alert | undefined): Alert {
    const occurrences = Math.max(0, finding.occurrences ?? 1);
    // The rule's severity only rises while an alert folds; an override replaces it (see severity-override.ts).
    const ruleSeverity = previous ? higherSeverity(finding.severity, ruleSeverityOf(previous)) : finding.severity;
    const alert: Alert = previous
      ? {
          ...previous,
          title: finding.title,
          description: finding.description,
          lastSeen: Math.max(previous.lastSeen, now),
          count: previous.count + occurrences,
          evidence: finding.evidence ?? previous.evidence,
        }
      : {
          id,
          ruleId: rule.id,
          techniqueId: rule.technique.id,
          severity: finding.severity,
          title: finding.title,
          description: finding.description,
          firstSeen: now,
          lastSeen: now,
          count: Math.max(1, occurrences),
          evidence: finding.evidence ?? {},
        };
    if (finding.source) alert.source = this.enrich(finding.source);
    if (finding.destination) alert.destination = this.enrich(finding.destination);
    if (finding.process) alert.process = finding.process;
    settleSeverity(alert, ruleSeverity, this.severityOverrides[rule.id]);
    this.suppressions.mark(alert, now);
    return alert;
  }
}

import type { Alert, Endpoint, Finding, HostSnapshot, Severity } from '../../src-shared/model';
import { SEVERITY_RANK, emptySeverityCounts, type SeverityCounts } from '../../src-shared/model';
import { HomeNet } from '../../src-shared/net';
import type { Suppression } from '../../src-shared/settings';
import { AlertStore } from './alert-store';
import { ConnectionTracker } from './connection-tracker';
import { DEFAULT_FLOOD, FloodFolder, summaryKey, type FloodOptions } from './flood-fold';
import { higherSeverity, reapplyOverrides, ruleSeverityOf, settleSeverity } from '../../src-shared/severity-override';
import { SuppressionState } from './suppression-state';
import { hostStateOf, sameHostState, type HostState } from './host-state';
import type { AnyRule, DetectionEngine, EngineReconfiguration, RuleContext } from './types';
import { errorMessage } from '../../src-shared/error-message';

export interface EngineOptions {
  /** CIDRs that count as internal besides the built-in private ranges and the host's subnets. */
  homeNetCidrs?: string[];
  /** Every alert of a rule gets this severity, by rule id. */
  severityOverrides?: Record<string, Severity>;
  suppressions?: Suppression[];
  /** Most alerts kept (default 5,000); eviction takes the lowest severity first, least recently seen within it. */
  maxAlerts?: number;
  /** New keys one rule may create per process within a window before the rest fold into one summary alert. */
  flood?: Partial<FloodOptions>;
  /** Most findings taken from one rule in one tick (default 500). */
  maxFindingsPerRule?: number;
  /** Adds what is known about an alert's endpoint (country, AS); applied when the alert changes. */
  enrichEndpoint?: (endpoint: Endpoint) => Endpoint;
  /** Alerts of a session being continued (a restarted core): later findings fold into them. */
  initialAlerts?: readonly Alert[];
  /** Alerts that session had dropped already: the drop count goes on from there. */
  droppedBefore?: number;
}

interface RuleSlot {
  rule: AnyRule;
  state: unknown;
  /** The rule's config as JSON: a reconfiguration keeps the state of a rule whose config is unchanged. */
  configKey: string;
}

const slotOf = (rule: AnyRule): RuleSlot => ({ rule, state: rule.createState(), configKey: JSON.stringify(rule.config) });
const invalidCidrErrors = (homeNet: HomeNet): string[] => [
  ...homeNet.invalid.map((cidr) => `HOME_NET: ignored invalid CIDR "${cidr}"`),
  ...homeNet.refused.map((reason) => `HOME_NET: ${reason}`),
];

function isFinding(value: unknown): value is Finding {
  const f = value as Finding;
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.key === 'string' &&
    typeof f.severity === 'string' &&
    SEVERITY_RANK[f.severity] !== undefined &&
    typeof f.title === 'string'
  );
}

export function createEngine(rules: AnyRule[], options: EngineOptions = {}): DetectionEngine {
  let homeNet = new HomeNet(options.homeNetCidrs ?? []);
  let severityOverrides = { ...options.severityOverrides };
  const maxFindings = options.maxFindingsPerRule ?? 500;
  let slots: RuleSlot[] = rules.map(slotOf);
  const suppressions = new SuppressionState(options.suppressions ?? []);
  let pending: EngineReconfiguration | undefined;
  const tracker = new ConnectionTracker();
  const alerts = new AlertStore(options.maxAlerts);
  const floods = new FloodFolder({ ...DEFAULT_FLOOD, ...options.flood });
  const seeded = [...(options.initialAlerts ?? [])].sort((a, b) => a.lastSeen - b.lastSeen);
  for (const alert of seeded) alerts.set({ ...alert });
  let dropped = Math.max(0, options.droppedBefore ?? 0);
  let droppedThisTick = new Set<string>();
  let timings: Record<string, number> = {};
  let errors: string[] = [];
  // Reported with the first tick, where the session turns them into batch warnings.
  let configErrors = invalidCidrErrors(homeNet);
  let lastHostState: HostState | undefined;

  function merged(rule: AnyRule, finding: Finding, id: string, now: number, previous: Alert | undefined): Alert {
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
    const enrich = options.enrichEndpoint ?? ((endpoint: Endpoint) => endpoint);
    if (finding.source) alert.source = enrich(finding.source);
    if (finding.destination) alert.destination = enrich(finding.destination);
    if (finding.process) alert.process = finding.process;
    settleSeverity(alert, ruleSeverity, severityOverrides[rule.id]);
    suppressions.mark(alert, now);
    return alert;
  }

  /** Re-marks every alert; those whose status changed go into `changed`. */
  function remarkAll(now: number, changed: Map<string, Alert>): void {
    for (const alert of alerts.values()) if (suppressions.mark(alert, now)) changed.set(alert.id, alert);
  }

  /** New overrides for every alert held too (re-placed in the eviction order); those whose severity changed go into `changed`. */
  function overrideSeverities(next: Record<string, Severity>, changed: Map<string, Alert>): void {
    severityOverrides = { ...next };
    for (const alert of reapplyOverrides(alerts.values(), severityOverrides).changed) {
      alerts.set(alert);
      changed.set(alert.id, alert);
    }
  }

  function applyPending(changed: Map<string, Alert>): void {
    if (!pending) return;
    const next = pending;
    pending = undefined;
    if (next.homeNetCidrs) {
      homeNet = new HomeNet(next.homeNetCidrs);
      configErrors.push(...invalidCidrErrors(homeNet));
    }
    if (next.severityOverrides) overrideSeverities(next.severityOverrides, changed);
    if (next.rules) {
      const old = new Map(slots.map((slot) => [slot.rule.id, slot]));
      slots = next.rules.map((rule) => {
        const kept = old.get(rule.id);
        return kept && kept.configKey === JSON.stringify(rule.config) ? kept : slotOf(rule);
      });
    }
  }

  function fold(rule: AnyRule, original: Finding, now: number, changed: Map<string, Alert>): void {
    let finding = original;
    let id = `${rule.id}:${finding.key}`;
    if (!alerts.has(id) && floods.shouldFold(rule.id, finding, now)) {
      // A key past the flood threshold is not kept on its own: it counts as dropped, in the summary.
      dropped += 1;
      const summaryId = `${rule.id}:${summaryKey(finding)}`;
      const summary = alerts.get(summaryId);
      finding = floods.summarise(rule.id, finding, summary?.evidence, summary?.severity);
      id = summaryId;
    }
    const alert = merged(rule, finding, id, now, alerts.get(id));
    changed.set(id, alert);
    droppedThisTick.delete(id);
    for (const evicted of alerts.set(alert)) {
      dropped += 1;
      changed.delete(evicted);
      droppedThisTick.add(evicted);
    }
  }

  return {
    evaluate(snapshot: HostSnapshot): Alert[] {
      const changed = new Map<string, Alert>();
      // A reconfiguration may bring fresh rule state or another HOME_NET: every rule runs then.
      const hostUnchanged = pending === undefined && sameHostState(lastHostState, snapshot);
      lastHostState = typeof snapshot === 'object' && snapshot !== null ? hostStateOf(snapshot) : undefined;
      applyPending(changed);
      const tickErrors: string[] = configErrors;
      configErrors = [];
      droppedThisTick = new Set();
      const now = Number.isFinite(snapshot?.time) ? snapshot.time : Date.now();
      if (suppressions.expiredSince(now)) remarkAll(now, changed);
      try {
        homeNet.setLocalAddresses(Array.isArray(snapshot?.localAddresses) ? snapshot.localAddresses : []);
      } catch (error) {
        tickErrors.push(`HOME_NET: ${errorMessage(error)}`);
      }
      let newConnections: RuleContext['newConnections'];
      try {
        newConnections = tracker.observe(Array.isArray(snapshot?.connections) ? snapshot.connections : [], now);
      } catch (error) {
        tickErrors.push(`connection tracker: ${errorMessage(error)}`);
      }
      const context: RuleContext = { homeNet, now, alerts, ...(newConnections ? { newConnections } : {}) };
      const tickTimings: Record<string, number> = {};
      for (const slot of slots) {
        if (hostUnchanged && slot.rule.skipWhenHostUnchanged) continue;
        let findings: unknown;
        const started = performance.now();
        try {
          findings = slot.rule.evaluate(snapshot, slot.state, context);
        } catch (error) {
          tickErrors.push(`${slot.rule.id}: ${errorMessage(error)}`);
          continue;
        } finally {
          tickTimings[slot.rule.id] = performance.now() - started;
        }
        if (!Array.isArray(findings)) {
          tickErrors.push(`${slot.rule.id}: evaluate returned ${typeof findings}, not an array`);
          continue;
        }
        if (findings.length > maxFindings) {
          tickErrors.push(`${slot.rule.id}: ${findings.length} findings in one tick, kept the first ${maxFindings}`);
        }
        for (const finding of findings.slice(0, maxFindings)) {
          if (isFinding(finding)) fold(slot.rule, finding, now, changed);
          else tickErrors.push(`${slot.rule.id}: ignored a malformed finding`);
        }
      }
      errors = tickErrors;
      timings = tickTimings;
      return [...changed.values()].map((alert) => ({ ...alert }));
    },
    alerts(): Alert[] {
      return [...alerts.values()].map((alert) => ({ ...alert }));
    },
    reconfigure(change: EngineReconfiguration): void {
      pending = { ...pending, ...change };
    },
    setSuppressions(list: readonly Suppression[], now: number): Alert[] {
      suppressions.set(list, now);
      const changed = new Map<string, Alert>();
      remarkAll(now, changed);
      return [...changed.values()].map((alert) => ({ ...alert }));
    },
    setSeverityOverrides(next: Record<string, Severity>): Alert[] {
      const changed = new Map<string, Alert>();
      overrideSeverities(next, changed);
      return [...changed.values()].map((alert) => ({ ...alert }));
    },
    suppressionCounts(): number[] {
      return suppressions.counts(alerts.values());
    },
    /** Active alerts only: a suppressed alert counts in no severity total. */
    severityCounts(): SeverityCounts {
      if (suppressions.list().length === 0) return alerts.counts();
      const counts = emptySeverityCounts();
      for (const alert of alerts.values()) if (alert.status !== 'suppressed') counts[alert.severity] += 1;
      return counts;
    },
    suppressedCount(): number {
      if (suppressions.list().length === 0) return 0;
      let count = 0;
      for (const alert of alerts.values()) if (alert.status === 'suppressed') count += 1;
      return count;
    },
    droppedCount(): number {
      return dropped;
    },
    lastDroppedIds(): string[] {
      return [...droppedThisTick];
    },
    lastErrors(): string[] {
      return [...errors];
    },
    lastTimings(): Record<string, number> {
      return { ...timings };
    },
  };
}

// A rule's severity override (settings rules.<id>.severity) on alerts: the engine applies it to every
// finding and, when the settings change, to every alert it already holds; the dashboard applies the
// same at once to the alerts it shows. The rule's own severity is kept on the alert (ruleSeverity) so
// removing the override gives it back.
import { SEVERITY_RANK, type Alert, type Severity, type SeverityCounts } from './model';

export type SeverityOverrides = Readonly<Record<string, Severity>>;

/** Severity overrides by rule id, from the per-rule settings (settings.rules). */
export function overridesFromRules(rules: Readonly<Record<string, { severity?: Severity }>>): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (const [ruleId, settings] of Object.entries(rules)) if (settings.severity) out[ruleId] = settings.severity;
  return out;
}

/** The severity the rule gave this alert, whatever override is in force. */
export function ruleSeverityOf(alert: Pick<Alert, 'severity' | 'ruleSeverity'>): Severity {
  return alert.ruleSeverity ?? alert.severity;
}

/** The more severe of two. */
export function higherSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** Sets `severity` (and `ruleSeverity` while they differ) from the rule's severity and the override in force; mutates and returns `alert`. */
export function settleSeverity<T extends Alert>(alert: T, ruleSeverity: Severity, override: Severity | undefined): T {
  alert.severity = override ?? ruleSeverity;
  if (alert.severity === ruleSeverity) delete alert.ruleSeverity;
  else alert.ruleSeverity = ruleSeverity;
  return alert;
}

/** The alert under `overrides`: a new object when its severity changes, the same one otherwise. */
export function withOverride(alert: Alert, overrides: SeverityOverrides): Alert {
  const ruleSeverity = ruleSeverityOf(alert);
  const target = overrides[alert.ruleId] ?? ruleSeverity;
  if (target === alert.severity && (alert.ruleSeverity === undefined) === (target === ruleSeverity)) return alert;
  return settleSeverity({ ...alert }, ruleSeverity, overrides[alert.ruleId]);
}

/** Every alert whose severity `overrides` change, as new objects (oldest first), with the change to the active counts. */
export function reapplyOverrides(alerts: Iterable<Alert>, overrides: SeverityOverrides): { changed: Alert[]; countsDelta: SeverityCounts } {
  const changed: Alert[] = [];
  const countsDelta: SeverityCounts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const alert of alerts) {
    const next = withOverride(alert, overrides);
    if (next === alert) continue;
    changed.push(next);
    if (alert.status !== 'suppressed') {
      countsDelta[alert.severity] -= 1;
      countsDelta[next.severity] += 1;
    }
  }
  changed.sort((a, b) => a.lastSeen - b.lastSeen);
  return { changed, countsDelta };
}

// Derived views of the alert map for the timeline and the charts.
import { getTechnique } from './attack';
import { SEVERITIES, type Alert, type SeverityCounts } from './model';

/** Most recently active first; ties by id so the order is stable. */
export function alertsNewestFirst(alerts: Readonly<Record<string, Alert>>): Alert[] {
  return Object.values(alerts).sort((a, b) => b.lastSeen - a.lastSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface CountEntry {
  name: string;
  count: number;
}

/** Alerts per ATT&CK tactic (a technique with two tactics counts for both), largest first. */
export function alertsByTactic(alerts: Readonly<Record<string, Alert>>): CountEntry[] {
  const counts = new Map<string, number>();
  for (const alert of Object.values(alerts)) {
    for (const tactic of getTechnique(alert.techniqueId)?.tactics ?? ['Unknown']) counts.set(tactic, (counts.get(tactic) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Alerts per technique id, largest first. */
export function alertsByTechnique(alerts: Readonly<Record<string, Alert>>): CountEntry[] {
  const counts = new Map<string, number>();
  for (const alert of Object.values(alerts)) counts.set(alert.techniqueId, (counts.get(alert.techniqueId) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Severity counts in display order (most severe first). */
export function severityEntries(counts: SeverityCounts): CountEntry[] {
  return SEVERITIES.map((severity) => ({ name: severity, count: counts[severity] }));
}

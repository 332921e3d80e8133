// New settings in the dashboard: when a rule's severity override or the suppressions changed, the
// held alerts and the counters follow at once (the engine did the same in the core; its next batch
// confirms it, and a stopped session sends none).
import type { Alert } from '../../src-shared/model';
import type { MonitorSettings } from '../../src-shared/settings';
import { overridesFromRules, reapplyOverrides } from '../../src-shared/severity-override';
import { addCounts, remarkAlerts } from '../logic/suppressions';
import type { DashboardData } from './dashboard-data';

type SettingsData = Pick<DashboardData, 'settings' | 'alerts' | 'severityCounts' | 'suppressedCount'>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The held alerts under the settings' severity overrides, when those changed. */
function withOverrides(state: SettingsData, settings: MonitorSettings): Pick<SettingsData, 'alerts' | 'severityCounts'> {
  const overrides = overridesFromRules(settings.rules);
  if (!state.settings || same(overridesFromRules(state.settings.rules), overrides)) return state;
  const { changed, countsDelta } = reapplyOverrides(Object.values(state.alerts), overrides);
  if (changed.length === 0) return state;
  const alerts: Record<string, Alert> = { ...state.alerts };
  for (const alert of changed) alerts[alert.id] = alert;
  return { alerts, severityCounts: addCounts(state.severityCounts, countsDelta) };
}

export function reduceSettings(state: SettingsData, settings: MonitorSettings, now: number): Partial<DashboardData> {
  const overridden = withOverrides(state, settings);
  const base = { settings, alerts: overridden.alerts, severityCounts: overridden.severityCounts };
  const before = state.settings?.suppressions;
  if (!before || same(before, settings.suppressions)) return base;
  // The engine's counts per suppression are for the old list until its next batch.
  const remarked = remarkAlerts(base.alerts, settings.suppressions, now);
  return {
    ...base,
    suppressionCounts: undefined,
    alerts: remarked.alerts,
    severityCounts: addCounts(base.severityCounts, remarked.countsDelta),
    suppressedCount: Math.max(0, state.suppressedCount + remarked.suppressedDelta),
  };
}

// New settings in the dashboard: when the suppressions changed, the held alerts and the counters
// follow at once (the engine did the same in the core; its next batch confirms it).
import type { MonitorSettings } from '../../src-shared/settings';
import { addCounts, remarkAlerts } from '../logic/suppressions';
import type { DashboardData } from './dashboard-data';

type SettingsData = Pick<DashboardData, 'settings' | 'alerts' | 'severityCounts' | 'suppressedCount'>;

export function reduceSettings(state: SettingsData, settings: MonitorSettings, now: number): Partial<DashboardData> {
  const before = state.settings?.suppressions;
  if (!before || JSON.stringify(before) === JSON.stringify(settings.suppressions)) return { settings };
  const remarked = remarkAlerts(state.alerts, settings.suppressions, now);
  if (remarked.alerts === state.alerts) return { settings };
  return {
    settings,
    alerts: remarked.alerts,
    severityCounts: addCounts(state.severityCounts, remarked.countsDelta),
    suppressedCount: Math.max(0, state.suppressedCount + remarked.suppressedDelta),
  };
}

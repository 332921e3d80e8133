// The settings document → what a MonitorSession and its engine take.
import type { Severity } from '../../src-shared/model';
import type { MonitorSettings } from '../../src-shared/settings';
import { detectionOverrides } from '../detect/rules/catalog';
import type { MonitorSession, MonitorSessionOptions } from './monitor-session';

export type ReconfigurableSession = Pick<MonitorSession, 'reconfigure' | 'setSuppressions' | 'suppressionCounts'>;

/** Severity overrides by rule id, from the per-rule settings. */
export function severityOverrides(rules: MonitorSettings['rules']): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (const [ruleId, settings] of Object.entries(rules)) if (settings.severity) out[ruleId] = settings.severity;
  return out;
}

export function sessionOptionsFromSettings(settings: MonitorSettings): MonitorSessionOptions {
  return {
    intervalMs: settings.intervalSec * 1000,
    homeNetCidrs: settings.homeNet,
    detection: detectionOverrides(settings.rules),
    severityOverrides: severityOverrides(settings.rules),
    suppressions: settings.suppressions,
  };
}

/** Everything but the interval, into a running session (rules and HOME_NET from its next tick, suppressions now). */
export function applySettingsToSession(session: ReconfigurableSession, settings: MonitorSettings): void {
  const options = sessionOptionsFromSettings(settings);
  session.reconfigure({
    homeNetCidrs: settings.homeNet,
    detection: options.detection ?? {},
    severityOverrides: options.severityOverrides ?? {},
  });
  session.setSuppressions(settings.suppressions);
}

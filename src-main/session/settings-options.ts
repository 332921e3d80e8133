// The settings document → what a MonitorSession and its engine take.
import type { Severity } from '../../src-shared/model';
import type { MonitorSettings } from '../../src-shared/settings';
import { overridesFromRules } from '../../src-shared/severity-override';
import { detectionOverrides } from '../detect/rules/catalog';
import type { DetectionOverrides } from '../detect/rules';
import type { LoadedLists } from '../lists/load-lists';
import type { MonitorSession, MonitorSessionOptions } from './monitor-session';

export type ReconfigurableSession = Pick<MonitorSession, 'reconfigure' | 'setSuppressions' | 'suppressionCounts'>;

/** Severity overrides by rule id, from the per-rule settings. */
export const severityOverrides = (rules: MonitorSettings['rules']): Record<string, Severity> => overridesFromRules(rules);

/** Loaded threat lists → the tor-proxy relay list and the known-bad-address rule's lists. */
function listOverrides(loaded: LoadedLists | undefined): DetectionOverrides {
  const lists = loaded?.lists ?? [];
  const tor = lists.filter((list) => list.kind === 'tor-relays');
  const bad = lists.filter((list) => list.kind === 'bad-addresses');
  return {
    ...(tor.length > 0 && {
      torProxy: { relayAddresses: [...new Set(tor.flatMap((list) => list.entries))], relayListName: tor.map((list) => `"${list.name}"`).join(', ') },
    }),
    ...(bad.length > 0 && { knownBadAddress: { lists: bad.map((list) => ({ name: list.name, entries: list.entries })) } }),
  };
}

function detection(settings: MonitorSettings, lists: LoadedLists | undefined): DetectionOverrides {
  const fromRules = detectionOverrides(settings.rules) as Record<string, object | undefined>;
  const fromLists = listOverrides(lists) as Record<string, object | undefined>;
  const merged: Record<string, object> = {};
  for (const key of new Set([...Object.keys(fromRules), ...Object.keys(fromLists)])) merged[key] = { ...fromRules[key], ...fromLists[key] };
  return merged as DetectionOverrides;
}

export function sessionOptionsFromSettings(settings: MonitorSettings, lists?: LoadedLists): MonitorSessionOptions {
  return {
    intervalMs: settings.intervalSec * 1000,
    homeNetCidrs: settings.homeNet,
    privacy: settings.privacy,
    authLogs: settings.authLogs,
    detection: detection(settings, lists),
    ...(lists && lists.warnings.length > 0 && { startCoverage: lists.warnings }),
    severityOverrides: severityOverrides(settings.rules),
    suppressions: settings.suppressions,
  };
}

/** Everything but the interval, into a running session (rules and HOME_NET from its next tick, suppressions now). */
export function applySettingsToSession(session: ReconfigurableSession, settings: MonitorSettings, lists?: LoadedLists): void {
  const options = sessionOptionsFromSettings(settings, lists);
  session.reconfigure({
    homeNetCidrs: settings.homeNet,
    detection: options.detection ?? {},
    severityOverrides: options.severityOverrides ?? {},
  });
  session.setSuppressions(settings.suppressions);
}

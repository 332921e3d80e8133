// The rule registry seen from the settings: the catalog the schema and the Settings view are built
// from, and the translation of stored per-rule settings into rule configuration.
import type { RuleSettings, RuleSettingsSpec, ThresholdBounds } from '../../../src-shared/settings';
import type { AnyRule } from '../types';
import { allRules, RULE_FACTORIES, type DetectionConfig, type DetectionOverrides } from './index';

function specOf(rule: AnyRule): RuleSettingsSpec {
  const thresholds: RuleSettingsSpec['thresholds'] = {};
  for (const [name, bounds] of Object.entries((rule.thresholds ?? {}) as Record<string, ThresholdBounds>)) {
    thresholds[name] = { ...bounds, default: (rule.config as Record<string, number>)[name] as number };
  }
  return { id: rule.id, techniqueId: rule.technique.id, summary: rule.summary, defaultSeverity: rule.defaultSeverity, thresholds };
}

/** Every rule's settings: id, default severity, and each tunable threshold with bounds and default. */
export function ruleCatalog(): RuleSettingsSpec[] {
  return allRules().map(specOf);
}

let configKeys: Map<string, keyof DetectionConfig> | undefined;

/** Rule id (`network-scan`) → DetectionConfig key (`networkScan`). */
function configKeyOf(ruleId: string): keyof DetectionConfig | undefined {
  configKeys ??= new Map((Object.keys(RULE_FACTORIES) as (keyof DetectionConfig)[]).map((key) => [RULE_FACTORIES[key]().id, key]));
  return configKeys.get(ruleId);
}

/** Stored per-rule settings (by rule id) → rule config overrides; severity overrides are the engine's. */
export function detectionOverrides(rules: Readonly<Record<string, RuleSettings>>): DetectionOverrides {
  const overrides: Record<string, Record<string, unknown>> = {};
  for (const [ruleId, settings] of Object.entries(rules)) {
    const key = configKeyOf(ruleId);
    if (!key) continue;
    overrides[key] = { ...settings.thresholds, ...(settings.enabled !== undefined && { enabled: settings.enabled }) };
  }
  return overrides as DetectionOverrides;
}

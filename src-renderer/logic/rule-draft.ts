// One rule's settings as the Settings view edits them (text fields), and back to what the settings store takes.
import type { Severity } from '../../src-shared/model';
import { parseSettingsPatch, RULE_CATALOG, type Checked, type MonitorSettings, type RuleSettings, type RuleSettingsSpec } from '../../src-shared/settings';

export interface RuleDraft {
  enabled: boolean;
  /** '' keeps the rule's default severity. */
  severity: Severity | '';
  /** '' keeps the threshold's default. */
  thresholds: Record<string, string>;
}

export function draftOf(spec: RuleSettingsSpec, stored: RuleSettings | undefined): RuleDraft {
  const thresholds: Record<string, string> = {};
  for (const name of Object.keys(spec.thresholds)) {
    const value = stored?.thresholds?.[name];
    thresholds[name] = value === undefined ? '' : String(value);
  }
  return { enabled: stored?.enabled ?? true, severity: stored?.severity ?? '', thresholds };
}

/** Only what differs from the defaults; undefined when the rule is left at its defaults. */
export function settingsOfDraft(spec: RuleSettingsSpec, draft: RuleDraft): RuleSettings | undefined {
  const thresholds: Record<string, number> = {};
  for (const [name, text] of Object.entries(draft.thresholds)) {
    if (text.trim() === '') continue;
    const value = Number(text);
    if (value !== spec.thresholds[name]?.default) thresholds[name] = value;
  }
  const settings: RuleSettings = {
    ...(!draft.enabled && { enabled: false }),
    ...(draft.severity !== '' && draft.severity !== spec.defaultSeverity && { severity: draft.severity }),
    ...(Object.keys(thresholds).length > 0 && { thresholds }),
  };
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/** The `rules` patch with one rule replaced (or back to its defaults), checked by the settings schema. */
export function rulesPatch(rules: MonitorSettings['rules'], ruleId: string, next: RuleSettings | undefined): Checked<Pick<MonitorSettings, 'rules'>> {
  const { [ruleId]: _old, ...others } = rules;
  const patch = { rules: next ? { ...others, [ruleId]: next } : others };
  const checked = parseSettingsPatch(patch, RULE_CATALOG);
  return checked.ok ? { ok: true, value: { rules: checked.value.rules ?? {} } } : checked;
}

/** `default 60000 · 1000–3600000 ms` */
export function thresholdHint(spec: RuleSettingsSpec['thresholds'][string]): string {
  const unit = spec.unit === 'count' ? '' : ` ${spec.unit}`;
  return `default ${spec.default} · ${spec.min}–${spec.max}${unit}${spec.integer ? ', whole' : ''}`;
}

/** True when the stored settings differ from the rule's defaults. */
export function isCustomised(stored: RuleSettings | undefined): boolean {
  return stored !== undefined && Object.keys(stored).length > 0;
}

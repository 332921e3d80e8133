// Run-time guards for everything that crosses from the renderer into main. Settings are checked by
// the one schema in src-shared/settings, with the rule registry's catalog for per-rule thresholds.
// The catalog is a JSON copy of the rule registry's (kept equal by rule-catalog.test.ts): main loads no rule code.
import { parseSettingsPatch, RULE_CATALOG, type Checked, type MonitorSettings, type RuleSettingsSpec } from '../../src-shared/settings';

export type Validation<T> = Checked<T>;

/** The rule registry's settings catalog. */
export function settingsCatalog(): RuleSettingsSpec[] {
  return [...RULE_CATALOG];
}

/** A `Partial<MonitorSettings>` from the renderer: known keys only, each value checked. */
export function validateSettingsPatch(patch: unknown): Validation<Partial<MonitorSettings>> {
  return parseSettingsPatch(patch, settingsCatalog());
}

/** Requests without parameters must come without arguments. */
export function validateNoArgs(args: readonly unknown[]): Validation<void> {
  return args.length === 0 ? { ok: true, value: undefined } : { ok: false, error: `expected no arguments, got ${args.length}` };
}

/** For IPC handlers: the checked value, or an Error the renderer sees as a rejected promise. */
export function unwrap<T>(validation: Validation<T>, channel: string): T {
  if (!validation.ok) throw new Error(`${channel}: ${validation.error}`);
  return validation.value;
}

// Run-time guards for everything that crosses from the renderer into main. Settings are checked by
// the one schema in src-shared/settings, with the rule registry's catalog for per-rule thresholds.
import { isSessionId } from '../../src-shared/journal';
import { parseSettingsPatch, type Checked, type MonitorSettings, type RuleSettingsSpec } from '../../src-shared/settings';
// A JSON copy of the rule registry's catalog (kept equal by rule-catalog.test.ts): main loads no rule code.
import catalogData from './rule-catalog.json' with { type: 'json' };

export type Validation<T> = Checked<T>;

const catalog = catalogData as RuleSettingsSpec[];

/** The rule registry's settings catalog. */
export function settingsCatalog(): RuleSettingsSpec[] {
  return catalog;
}

/** A `Partial<MonitorSettings>` from the renderer: known keys only, each value checked. */
export function validateSettingsPatch(patch: unknown): Validation<Partial<MonitorSettings>> {
  return parseSettingsPatch(patch, settingsCatalog());
}

/** One argument, a session id (a journal file name: no path, no traversal). */
export function validateSessionId(args: readonly unknown[]): Validation<string> {
  if (args.length !== 1) return { ok: false, error: `expected one session id, got ${args.length} arguments` };
  return isSessionId(args[0]) ? { ok: true, value: args[0] } : { ok: false, error: 'not a session id' };
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

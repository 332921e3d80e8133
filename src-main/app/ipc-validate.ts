// Run-time guards for everything that crosses from the renderer into main. Settings are checked by
// the one schema in src-shared/settings, with the rule registry's catalog for per-rule thresholds.
import { EXPORT_KINDS, isExportKind, type ExportKind } from '../../src-shared/api';
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

/** Requests without parameters must come without arguments. */
export function validateNoArgs(args: readonly unknown[]): Validation<void> {
  return args.length === 0 ? { ok: true, value: undefined } : { ok: false, error: `expected no arguments, got ${args.length}` };
}

/** exportData takes exactly one of EXPORT_KINDS. */
export function validateExportKind(args: readonly unknown[]): Validation<ExportKind> {
  if (args.length !== 1) return { ok: false, error: `expected one argument, got ${args.length}` };
  const [kind] = args;
  return isExportKind(kind) ? { ok: true, value: kind } : { ok: false, error: `unknown export kind (expected one of ${EXPORT_KINDS.join(', ')})` };
}

/** For IPC handlers: the checked value, or an Error the renderer sees as a rejected promise. */
export function unwrap<T>(validation: Validation<T>, channel: string): T {
  if (!validation.ok) throw new Error(`${channel}: ${validation.error}`);
  return validation.value;
}

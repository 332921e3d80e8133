// The rule registry's settings catalog as data (src-shared/settings/rule-catalog.json, kept equal to
// src-main/detect/rules by src-main/app/rule-catalog.test.ts): main and the renderer validate per-rule
// settings and show their defaults without loading any rule code.
import catalogData from './rule-catalog.json' with { type: 'json' };
import type { RuleSettingsSpec } from './rules';

export const RULE_CATALOG: readonly RuleSettingsSpec[] = catalogData as RuleSettingsSpec[];

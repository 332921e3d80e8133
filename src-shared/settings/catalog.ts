// The rule registry's settings catalog as data (rule-catalog.json beside this file, generated from
// src-main/detect/rules by `npm run gen:rules` and checked by its registry-outputs test): main and the
// renderer validate per-rule settings and show their defaults without loading any rule code.
import catalogData from './rule-catalog.json' with { type: 'json' };
import type { RuleSettingsSpec } from './rules';

export const RULE_CATALOG: readonly RuleSettingsSpec[] = catalogData as RuleSettingsSpec[];

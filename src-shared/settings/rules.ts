// Per-rule settings: enabled, a severity override and each rule's documented thresholds.
// The thresholds come from the rule registry (src-main/detect/rules), handed to the schema as
// RuleSettingsSpec data, so the bounds live beside each rule and cannot drift from it.
import * as v from 'valibot';
import type { Severity } from '../model';
import { isPlainObject, objectMessage, shown } from './messages';

export const SEVERITY_NAMES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const satisfies readonly Severity[];

export type ThresholdUnit = 'ms' | 'bytes' | 'count' | 'fraction' | 'factor' | 'ticks' | 'per-second';

/** How one numeric config field of a rule may be set. */
export interface ThresholdBounds {
  min: number;
  max: number;
  integer: boolean;
  unit: ThresholdUnit;
  /** One line for the Settings view. */
  label: string;
}

export interface ThresholdSpec extends ThresholdBounds {
  default: number;
}

/** What the UI and the schema know about one rule's settings. */
export interface RuleSettingsSpec {
  id: string;
  techniqueId: string;
  summary: string;
  defaultSeverity: Severity;
  thresholds: Record<string, ThresholdSpec>;
}

/** The stored overrides of one rule; anything left out keeps the rule's default. */
export interface RuleSettings {
  enabled?: boolean;
  /** Every alert of the rule gets this severity. */
  severity?: Severity;
  thresholds?: Record<string, number>;
}

function boundsText(spec: ThresholdBounds): string {
  return `${spec.integer ? 'a whole number' : 'a number'} between ${spec.min} and ${spec.max}${spec.unit === 'count' ? '' : ` (${spec.unit})`}`;
}

export function thresholdSchema(spec: ThresholdBounds) {
  const expected = `must be ${boundsText(spec)}`;
  return v.pipe(
    v.number((issue) => `${expected}, got ${shown(issue.input)}`),
    v.check(
      (n) => Number.isFinite(n) && n >= spec.min && n <= spec.max && (!spec.integer || Number.isInteger(n)),
      (issue) => `${expected}, got ${shown(issue.input)}`,
    ),
  );
}

const severitySchema = v.picklist(SEVERITY_NAMES, (issue) => `must be one of ${SEVERITY_NAMES.join(', ')}, got ${shown(issue.input)}`);
const enabledSchema = v.boolean((issue) => `must be true or false, got ${shown(issue.input)}`);

function ruleSchema(thresholds: v.GenericSchema<unknown, Record<string, number>>) {
  return v.strictObject(
    { enabled: v.optional(enabledSchema), severity: v.optional(severitySchema), thresholds: v.optional(thresholds) },
    objectMessage((field) => `unknown key ${field} (expected enabled, severity or thresholds)`),
  );
}

function strictThresholds(spec: RuleSettingsSpec): v.GenericSchema<unknown, Record<string, number>> {
  const names = Object.keys(spec.thresholds);
  const entries = Object.fromEntries(names.map((name) => [name, v.optional(thresholdSchema(spec.thresholds[name] as ThresholdSpec))]));
  const known = names.length > 0 ? names.join(', ') : 'none';
  return v.strictObject(
    entries,
    objectMessage((field) => `unknown threshold ${field} for rule ${spec.id} (known: ${known})`),
  ) as unknown as v.GenericSchema<unknown, Record<string, number>>;
}

/** Without the registry (e.g. in the renderer before it has the catalog): shapes only, no names or bounds. */
const looseThresholds = v.record(
  v.string(),
  v.pipe(
    v.number((issue) => `must be a number, got ${shown(issue.input)}`),
    v.finite(),
  ),
);

const anObject = v.custom<Record<string, unknown>>(isPlainObject, (issue) => `must be an object keyed by rule id, got ${shown(issue.input)}`);

export function rulesSchema(specs?: readonly RuleSettingsSpec[]): v.GenericSchema<unknown, Record<string, RuleSettings>> {
  if (!specs) return v.pipe(anObject, v.record(v.string(), ruleSchema(looseThresholds))) as v.GenericSchema<unknown, Record<string, RuleSettings>>;
  const entries = Object.fromEntries(specs.map((spec) => [spec.id, v.optional(ruleSchema(strictThresholds(spec)))]));
  const ids = specs.map((s) => s.id).join(', ');
  return v.pipe(
    anObject,
    v.strictObject(
      entries,
      objectMessage((field) => `unknown rule ${field} (known: ${ids})`),
    ),
  ) as unknown as v.GenericSchema<unknown, Record<string, RuleSettings>>;
}

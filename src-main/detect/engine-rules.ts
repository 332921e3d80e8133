import type { Finding, HostSnapshot } from '../../src-shared/model';
import { SEVERITY_RANK } from '../../src-shared/model';
import { errorMessage } from '../../src-shared/error-message';
import type { AnyRule, RuleContext } from './types';

export interface RuleSlot {
  rule: AnyRule;
  state: unknown;
  /** The rule's config as JSON: a reconfiguration keeps the state of a rule whose config is unchanged. */
  configKey: string;
}

export const slotOf = (rule: AnyRule): RuleSlot => ({ rule, state: rule.createState(), configKey: JSON.stringify(rule.config) });

/** Slots for a new rule list: a rule whose id and config are unchanged keeps its state. */
export function reslot(slots: readonly RuleSlot[], rules: readonly AnyRule[]): RuleSlot[] {
  const old = new Map(slots.map((slot) => [slot.rule.id, slot]));
  return rules.map((rule) => {
    const kept = old.get(rule.id);
    return kept && kept.configKey === JSON.stringify(rule.config) ? kept : slotOf(rule);
  });
}

/** One tick's run of the rules: what it may skip and take, and where errors, timings and findings go. */
export interface RuleRun {
  hostUnchanged: boolean;
  maxFindings: number;
  errors: string[];
  timings: Record<string, number>;
  fold: (rule: AnyRule, finding: Finding) => void;
}

/** Runs every rule on the snapshot; a rule that throws or returns junk is reported in `run.errors`, never thrown. */
export function runRules(slots: readonly RuleSlot[], snapshot: HostSnapshot, context: RuleContext, run: RuleRun): void {
  for (const slot of slots) {
    if (run.hostUnchanged && slot.rule.skipWhenHostUnchanged) continue;
    const findings = evaluateTimed(slot, snapshot, context, run);
    if (findings) takeFindings(slot.rule, findings, run);
  }
}

function evaluateTimed(slot: RuleSlot, snapshot: HostSnapshot, context: RuleContext, run: RuleRun): unknown[] | undefined {
  let findings: unknown;
  const started = performance.now();
  try {
    findings = slot.rule.evaluate(snapshot, slot.state, context);
  } catch (error) {
    run.errors.push(`${slot.rule.id}: ${errorMessage(error)}`);
    return undefined;
  } finally {
    run.timings[slot.rule.id] = performance.now() - started;
  }
  if (!Array.isArray(findings)) {
    run.errors.push(`${slot.rule.id}: evaluate returned ${typeof findings}, not an array`);
    return undefined;
  }
  return findings;
}

function takeFindings(rule: AnyRule, findings: unknown[], run: RuleRun): void {
  if (findings.length > run.maxFindings) {
    run.errors.push(`${rule.id}: ${findings.length} findings in one tick, kept the first ${run.maxFindings}`);
  }
  for (const finding of findings.slice(0, run.maxFindings)) {
    if (isFinding(finding)) run.fold(rule, finding);
    else run.errors.push(`${rule.id}: ignored a malformed finding`);
  }
}

function isFinding(value: unknown): value is Finding {
  const f = value as Finding;
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.key === 'string' &&
    typeof f.severity === 'string' &&
    SEVERITY_RANK[f.severity] !== undefined &&
    typeof f.title === 'string'
  );
}

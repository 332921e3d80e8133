// The detection engine's cost per evaluate on a busy host (10,000 connections, 1,000 new per tick),
// against the same engine with no rules on the same snapshots (what recognising new connections
// alone costs), interleaved in one run. Synthetic snapshots: the collector is not part of this row.
import type { HostSnapshot } from '../src-shared/model';
import { churnSnapshots, ENGINE_LOAD_10K, type ChurnLoad } from '../src-main/detect/churn-load';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import type { AnyRule } from '../src-main/detect/types';
import { measureInterleaved, type SubjectResult } from './measure';
import type { BenchModule } from './module';
import { int, ms, subjectRow } from './results-table';

export interface EngineCost {
  load: ChurnLoad;
  /** Every default rule. */
  rules: SubjectResult;
  /** createEngine([]): the shared connection tracker, alert store and bookkeeping only. */
  bare: SubjectResult;
  /** rules ÷ bare, CPU per call. */
  cpuRatio: number;
  /** Mean CPU ms per rule and measured evaluate, most expensive first. */
  perRuleMs: [string, number][];
}

/** The rule, adding the CPU time of each evaluate to totals[rule.id] (process-wide: GC threads included). */
function timed(rule: AnyRule, totals: Map<string, number>, counting: () => boolean): AnyRule {
  return {
    ...rule,
    evaluate: (snapshot, state, context) => {
      const start = process.cpuUsage();
      try {
        return rule.evaluate(snapshot, state, context);
      } finally {
        const used = process.cpuUsage(start);
        if (counting()) totals.set(rule.id, (totals.get(rule.id) ?? 0) + (used.user + used.system) / 1000);
      }
    },
  };
}

/** Evaluates `engine` on the next snapshot of a shared sequence; after the last it starts over with a fresh engine. */
function stepper(snapshots: readonly HostSnapshot[], make: () => ReturnType<typeof createEngine>, onTick?: () => void) {
  let engine = make();
  let index = 0;
  return async (): Promise<void> => {
    if (index === snapshots.length) {
      engine = make();
      index = 0;
    }
    const snapshot = snapshots[index++];
    if (snapshot) engine.evaluate(snapshot);
    onTick?.();
  };
}

export async function measureEngineCost(rounds: number, load: ChurnLoad = ENGINE_LOAD_10K): Promise<EngineCost> {
  // One warm-up pass fills the windows; rounds + warm-up must fit in the sequence without a restart.
  const warmup = 5;
  const snapshots = [...churnSnapshots(load, rounds + warmup + 1)];
  const totals = new Map<string, number>();
  let ticks = 0;
  // Per-rule totals count the measured rounds only: the first ticks record every connection as new.
  const withRules = stepper(
    snapshots,
    () => createEngine(defaultRules().map((rule) => timed(rule, totals, () => ticks >= warmup))),
    () => {
      ticks += 1;
    },
  );
  const bare = stepper(snapshots, () => createEngine([]));
  const [rules, bareResult] = await measureInterleaved(
    [
      { name: 'engine.evaluate, every rule', run: withRules },
      { name: 'engine.evaluate, no rules', run: bare },
    ],
    rounds,
    warmup,
  );
  if (!rules || !bareResult) throw new Error('measurement missing');
  const perRuleMs = [...totals.entries()].map(([id, ms]): [string, number] => [id, ms / Math.max(1, ticks - warmup)]).sort((a, b) => b[1] - a[1]);
  return { load, rules, bare: bareResult, cpuRatio: rules.cpuMsPerCall / bareResult.cpuMsPerCall, perRuleMs };
}

export function engineCostLines(cost: EngineCost): string[] {
  const { load } = cost;
  const top = cost.perRuleMs
    .slice(0, 6)
    .map(([id, wall]) => `${id} ${ms(wall)}`)
    .join(', ');
  return [
    subjectRow('engine, every rule', load.connections, cost.rules),
    subjectRow('engine, no rules (baseline)', load.connections, cost.bare),
    `  → ${int(load.connections)} connections, ${int(load.newPerTick)} new per ${load.intervalMs / 1000} s tick (synthetic snapshots): every rule costs ` +
      `${ms(cost.rules.cpuMsPerCall)} ms CPU per evaluate, ${cost.cpuRatio.toFixed(1)}x the engine without rules; slowest rules (mean CPU ms): ${top}`,
  ];
}

export const engineCostModule: BenchModule = {
  id: 'engine',
  title: 'Detection engine per evaluate',
  farm: 'own',
  async run({ plan, log }) {
    log(
      `engine: ${int(ENGINE_LOAD_10K.connections)} connections, ${int(ENGINE_LOAD_10K.newPerTick)} new per tick; ${plan.rounds} interleaved rounds with and without rules`,
    );
    const cost = await measureEngineCost(plan.rounds);
    return { lines: engineCostLines(cost), data: cost };
  },
};

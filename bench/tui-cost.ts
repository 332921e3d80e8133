// The terminal dashboard's cost per tick on a busy host: building its model (every connection
// classified and sorted by interest) and rendering one 120x40 frame with Ink, against the tick it
// displays (collect + detect), interleaved in one run on the same real sockets.
import { countBySeverity } from '../src-shared/report';
import type { HostSnapshot } from '../src-shared/model';
import { createCollector } from '../src-main/collect';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import { toSnapshotView } from '../src-main/session/snapshot-view';
import { MetricsHistory } from '../src-main/cli/tui/metrics-history';
import { renderDashboardText } from '../src-main/cli/tui/render-text';
import { DashboardModelBuilder, type DashboardInput } from '../src-main/cli/tui/view-model';
import { measureInterleaved, type SubjectResult } from './measure';
import type { BenchModule } from './module';
import { int, ms, ratio, subjectRow } from './results-table';

export interface TuiCost {
  connections: number;
  tick: SubjectResult;
  model: SubjectResult;
  modelAndFrame: SubjectResult;
  /** Dashboard CPU per tick ÷ the tick's collect+detect CPU. */
  cpuRatio: number;
  wallRatio: number;
}

const FRAME = { columns: 120, rows: 40 };

export async function measureTuiCost(rounds: number, warmupRounds: number): Promise<TuiCost> {
  const collector = createCollector();
  const engine = createEngine(defaultRules(), { homeNetCidrs: [] });
  const builder = new DashboardModelBuilder();
  const history = new MetricsHistory();
  let latest: HostSnapshot = await collector.collect();
  engine.evaluate(latest);
  const input = (): DashboardInput => {
    const alerts = engine.alerts();
    const view = toSnapshotView(latest);
    history.add(view.system);
    return {
      snapshot: view,
      alerts,
      state: 'running',
      intervalSec: 2,
      history,
      notes: [],
      batch: {
        elapsedMs: 60_000,
        severityCounts: countBySeverity(alerts),
        alertsDropped: 0,
        collectMs: 0,
        detectMs: 0,
        warnings: [],
        totals: { connections: view.connections.length, listening: view.listening.length, arp: view.arp.length },
      },
    };
  };
  const [tick, model, modelAndFrame] = await measureInterleaved(
    [
      {
        name: 'collect+detect',
        run: async () => {
          latest = await collector.collect();
          return engine.evaluate(latest);
        },
      },
      { name: 'dashboard model', run: async () => builder.build(input()) },
      { name: 'dashboard model + frame', run: async () => renderDashboardText(builder.build(input()), { size: FRAME }) },
    ],
    rounds,
    warmupRounds,
  );
  if (!tick || !model || !modelAndFrame) throw new Error('measurement missing');
  return {
    connections: latest.connections.length,
    tick,
    model,
    modelAndFrame,
    cpuRatio: modelAndFrame.cpuMsPerCall / tick.cpuMsPerCall,
    wallRatio: modelAndFrame.wallMs.median / tick.wallMs.median,
  };
}

export function tuiCostLines(cost: TuiCost): string[] {
  return [
    subjectRow('collect+detect (baseline)', cost.connections, cost.tick),
    subjectRow('dashboard model', cost.connections, cost.model),
    subjectRow('dashboard model + 120x40 frame', cost.connections, cost.modelAndFrame),
    `  → the terminal dashboard adds ${ratio(cost.cpuRatio)} the CPU of the tick it shows (${ms(cost.modelAndFrame.cpuMsPerCall)} vs ${ms(cost.tick.cpuMsPerCall)} ms; ` +
      `median wall ${ratio(cost.wallRatio)}) at ${int(cost.connections)} connections`,
  ];
}

export const tuiCostModule: BenchModule = {
  id: 'tui',
  title: 'Terminal dashboard per tick (model + one 120x40 Ink frame) vs the tick it shows',
  farm: 'shared',
  async run({ plan, log }) {
    log(`terminal dashboard: ${plan.rounds} interleaved rounds of collect+detect / dashboard model / model + frame`);
    const cost = await measureTuiCost(plan.rounds, plan.warmupRounds);
    return { lines: tuiCostLines(cost), data: cost };
  },
};

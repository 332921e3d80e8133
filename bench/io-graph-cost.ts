// The I/O graph's cost: collect+detect with and without it, interleaved in one run, at the farm's
// socket count and ~500 processes (shell pipelines added until the host has that many).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createCollector } from '../src-main/collect';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import { measureInterleaved, type SubjectResult } from './measure';
import type { BenchModule } from './module';
import { int, subjectRow } from './results-table';

export interface IoGraphCost {
  sockets: number;
  processes: number;
  /** Channels the graph held on the last measured tick. */
  channels: number;
  without: SubjectResult;
  with: SubjectResult;
  /** with / without. */
  wallRatio: number;
  cpuRatio: number;
}

function countProcesses(): number {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
}

/** `sh -c 'sleep | cat'`: three processes joined by a pipe, like any shell pipeline. */
function startPipelines(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn('sh', ['-c', 'sleep 3600 | cat'], { detached: true, stdio: 'ignore' }));
}

function stopPipelines(pipelines: readonly ChildProcess[]): void {
  for (const p of pipelines) {
    try {
      if (p.pid) process.kill(-p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export async function measureIoGraphCost(sockets: number, targetProcesses: number, rounds: number, warmupRounds: number): Promise<IoGraphCost> {
  const pipelines = startPipelines(Math.max(0, Math.ceil((targetProcesses - countProcesses()) / 3)));
  try {
    await new Promise((r) => setTimeout(r, 500));
    const processes = countProcesses();
    const plain = createCollector({ ioGraph: false });
    const graphed = createCollector({ ioGraph: true });
    const plainEngine = createEngine(defaultRules(), { homeNetCidrs: [] });
    const graphedEngine = createEngine(defaultRules(), { homeNetCidrs: [] });
    let channels = 0;
    const [without, withGraph] = await measureInterleaved(
      [
        { name: 'collect+detect, no I/O graph', run: async () => plainEngine.evaluate(await plain.collect()) },
        {
          name: 'collect+detect, I/O graph',
          run: async () => {
            const snapshot = await graphed.collect();
            channels = snapshot.ioChannels?.length ?? 0;
            return graphedEngine.evaluate(snapshot);
          },
        },
      ],
      rounds,
      warmupRounds,
    );
    if (!without || !withGraph) throw new Error('measurement missing');
    return {
      sockets,
      processes,
      channels,
      without,
      with: withGraph,
      wallRatio: withGraph.wallMs.median / without.wallMs.median,
      cpuRatio: withGraph.cpuMsPerCall / without.cpuMsPerCall,
    };
  } finally {
    stopPipelines(pipelines);
  }
}

/** The same collect+detect with and without the graph, and their ratio. */
export function ioGraphLines(cost: IoGraphCost): string[] {
  return [
    subjectRow(`collect()+detect, no I/O graph`, cost.sockets, cost.without),
    subjectRow(`collect()+detect, I/O graph`, cost.sockets, cost.with),
    `  → I/O graph at ${int(cost.sockets)} sockets and ${int(cost.processes)} processes (${int(cost.channels)} channels): ` +
      `${cost.wallRatio.toFixed(2)}x the median time and ${cost.cpuRatio.toFixed(2)}x the CPU per call of the same tick without it`,
  ];
}

/** Processes on the host while the I/O graph's cost is measured. */
const IO_GRAPH_PROCESSES = 500;

export const ioGraphModule: BenchModule = {
  id: 'io-graph',
  title: 'I/O graph (pipes, ptys, stdio FIFOs between processes)',
  farm: 'shared',
  async run({ plan, farm, log }) {
    const sockets = farm?.sockets() ?? 0;
    log(`I/O graph: ${sockets} farm sockets, ~${IO_GRAPH_PROCESSES} processes; ${plan.rounds} interleaved rounds with and without it`);
    const cost = await measureIoGraphCost(sockets, IO_GRAPH_PROCESSES, plan.rounds, plan.warmupRounds);
    return { lines: ioGraphLines(cost), data: cost };
  },
};

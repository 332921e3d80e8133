// The I/O graph's cost: collect+detect with and without it, interleaved in one run, at the farm's
// socket count and ~500 processes (shell pipelines added until the host has that many).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createCollector } from '../src-main/collect';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import { measureInterleaved, type SubjectResult } from './measure';

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
    const [without, withGraph] = await measureInterleaved([
      { name: 'collect+detect, no I/O graph', run: async () => plainEngine.evaluate(await plain.collect()) },
      {
        name: 'collect+detect, I/O graph',
        run: async () => {
          const snapshot = await graphed.collect();
          channels = snapshot.ioChannels?.length ?? 0;
          return graphedEngine.evaluate(snapshot);
        },
      },
    ], rounds, warmupRounds);
    if (!without || !withGraph) throw new Error('measurement missing');
    return {
      sockets, processes, channels, without, with: withGraph,
      wallRatio: withGraph.wallMs.median / without.wallMs.median,
      cpuRatio: withGraph.cpuMsPerCall / without.cpuMsPerCall,
    };
  } finally {
    stopPipelines(pipelines);
  }
}

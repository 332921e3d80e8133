// The collector's churn re-reads: processes that opened sockets within the last ticks have their
// socket fds re-read every tick (so refused connects and one-shot queries name their process).
// Their cost: collect+detect with and without the re-reads, interleaved in one run, at the farm's
// socket count while a few processes churn sockets (one UDP socket opened and closed every 50 ms).
import { spawn, type ChildProcess } from 'node:child_process';
import { createCollector } from '../src-main/collect';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import { measureInterleaved, type SubjectResult } from './measure';
import type { BenchModule } from './module';
import { int, subjectRow } from './results-table';

export interface ChurnRereadCost {
  sockets: number;
  churners: number;
  without: SubjectResult;
  with: SubjectResult;
  wallRatio: number;
  cpuRatio: number;
}

const CHURN_LOOP = [
  'import socket, time',
  'while True:',
  '    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  '    s.connect(("127.0.0.1", 9))',
  '    time.sleep(0.05)',
  '    s.close()',
].join('\n');

function startChurners(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn('python3', ['-c', CHURN_LOOP], { stdio: 'ignore' }));
}

export async function measureChurnRereadCost(sockets: number, churners: number, rounds: number, warmupRounds: number): Promise<ChurnRereadCost> {
  const loops = startChurners(churners);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const plain = createCollector({ fdChurnRereads: false });
    const rereading = createCollector({ fdChurnRereads: true });
    const plainEngine = createEngine(defaultRules(), { homeNetCidrs: [] });
    const rereadEngine = createEngine(defaultRules(), { homeNetCidrs: [] });
    const [without, withRereads] = await measureInterleaved(
      [
        { name: 'collect+detect, no churn re-reads', run: async () => plainEngine.evaluate(await plain.collect()) },
        { name: 'collect+detect, churn re-reads', run: async () => rereadEngine.evaluate(await rereading.collect()) },
      ],
      rounds,
      warmupRounds,
    );
    if (!without || !withRereads) throw new Error('measurement missing');
    return {
      sockets,
      churners,
      without,
      with: withRereads,
      wallRatio: withRereads.wallMs.median / without.wallMs.median,
      cpuRatio: withRereads.cpuMsPerCall / without.cpuMsPerCall,
    };
  } finally {
    for (const loop of loops) loop.kill('SIGKILL');
  }
}

export function churnRereadLines(cost: ChurnRereadCost): string[] {
  return [
    subjectRow('collect()+detect, no churn re-reads', cost.sockets, cost.without),
    subjectRow('collect()+detect, churn re-reads', cost.sockets, cost.with),
    `  → churn re-reads at ${int(cost.sockets)} sockets with ${cost.churners} processes churning sockets: ` +
      `${cost.wallRatio.toFixed(2)}x the median time and ${cost.cpuRatio.toFixed(2)}x the CPU per call of the same tick without them`,
  ];
}

/** Processes opening and closing a socket every 50 ms while the re-reads are measured. */
const CHURNERS = 8;

export const churnRereadModule: BenchModule = {
  id: 'churn-reread',
  title: 'Collector churn re-reads (socket fds of socket-churning processes, every tick)',
  farm: 'shared',
  async run({ plan, farm, log }) {
    const sockets = farm?.sockets() ?? 0;
    log(`churn re-reads: ${sockets} farm sockets, ${CHURNERS} churning processes; ${plan.rounds} interleaved rounds with and without them`);
    const cost = await measureChurnRereadCost(sockets, CHURNERS, plan.rounds, plan.warmupRounds);
    return { lines: churnRereadLines(cost), data: cost };
  },
};

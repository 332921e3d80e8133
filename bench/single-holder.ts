// The same tick-cost rows as the shared farm's, with every socket held by one process: the fd walk
// and attribution then face one 10,000-descriptor table instead of four smaller ones.
import type { BenchModule } from './module';
import type { SizeResult } from './results-model';
import { int, ratio, sizeLines, TICK_HEADER } from './results-table';
import { startSocketFarm } from './socket-farm';
import { measureSize } from './tick-cost';

export const singleHolderModule: BenchModule = {
  id: 'one-process',
  title: 'Tick cost with every farm socket held by one process',
  farm: 'own',
  async run({ plan, log }) {
    // Same socket counts as the plan's sizes: pairs × processes, in one child.
    const sizes = plan.sizes.map((s) => ({ label: `${s.label}, 1 process`, pairs: s.pairsPerChild * plan.processes }));
    const largest = sizes.at(-1)?.pairs ?? 0;
    log(`one process: starting one socket-farm child for up to ${int(largest * 2)} sockets`);
    const farm = await startSocketFarm({ processes: 1, pairsPerChild: sizes[0]?.pairs ?? 0, maxPairsPerChild: largest, readyTimeoutMs: 180_000 });
    const results: SizeResult[] = [];
    try {
      for (const size of sizes) {
        await farm.growTo(size.pairs);
        results.push(await measureSize(size.label, farm, plan));
      }
    } finally {
      await farm.stop();
    }
    const last = results.at(-1);
    return {
      lines: [
        TICK_HEADER,
        ...results.flatMap(sizeLines),
        ...(last
          ? [
              `  → one holder at ${int(last.farmSockets)} sockets: ours ${ratio(last.speedup.cpu)} cheaper than si by CPU per call, ${ratio(last.speedup.wallMedian)} by median time`,
            ]
          : []),
      ],
      data: results,
    };
  },
};

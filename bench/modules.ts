// Every measurement module of `npm run bench`, in the order they run (see module.ts). To add one:
// export a BenchModule from its own file and list it here.
import { churnRereadModule } from './churn-reread-cost';
import { engineCostModule } from './engine-cost';
import { enrichCostModule } from './enrich-cost';
import { ioGraphModule } from './io-graph-cost';
import type { BenchModule } from './module';
import { singleHolderModule } from './single-holder';
import { idleCostModule, steadyCliModule } from './steady-cli';
import { tuiCostModule } from './tui-cost';

export const BENCH_MODULES: readonly BenchModule[] = [
  engineCostModule,
  ioGraphModule,
  churnRereadModule,
  steadyCliModule,
  singleHolderModule,
  idleCostModule,
  enrichCostModule,
  tuiCostModule,
];

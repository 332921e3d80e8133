// A measurement the bench runs besides its tick-cost sizes: `npm run bench` runs every module in
// bench/modules.ts, `npm run bench -- --only <id>[,<id>…]` only those.
import type { Plan } from './plan';
import type { SocketFarm } from './socket-farm';

export interface BenchContext {
  plan: Plan;
  /** The shared farm (plan.processes children) at the plan's largest size; null for 'own' modules. */
  farm: SocketFarm | null;
  log: (message: string) => void;
}

export interface BenchSection {
  /** Printed under the module's title; state every ratio against a baseline measured in the same run. */
  lines: string[];
  /** Saved in bench/results/latest.json under modules[<id>]. */
  data: unknown;
}

export interface BenchModule {
  id: string;
  title: string;
  /** 'shared': runs while the shared socket farm is at its largest size; 'own': runs after it stopped, starting what it needs. */
  farm: 'shared' | 'own';
  run: (context: BenchContext) => Promise<BenchSection>;
}

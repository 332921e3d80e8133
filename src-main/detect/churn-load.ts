// A busy host for engine cost figures: a fixed pool of TCP connections of which `churn` are new on
// every tick (some first seen in TIME_WAIT), owned by a few hundred ordinary processes. Shared by
// the engine's scale test and the bench's engine row, so both measure the same load.
import type { Connection, HostSnapshot } from '../../src-shared/model';
import { kernel, makeSnapshot, proc, processInfo, T0, tcp } from './test-support';

export interface ChurnLoad {
  connections: number;
  newPerTick: number;
  processes: number;
  intervalMs: number;
}

export const ENGINE_LOAD_10K: ChurnLoad = { connections: 10_000, newPerTick: 1_000, processes: 400, intervalMs: 2_000 };

/** `count` consecutive ticks of the load; each snapshot is built on demand (10,000 rows each). */
export function* churnSnapshots(load: ChurnLoad, count: number): Generator<HostSnapshot> {
  const processes = Array.from({ length: load.processes }, (_, i) => processInfo(1000 + i, 1, i % 3 ? 'node' : 'chrome'));
  let next = 0;
  let pool: Connection[] = [];
  for (let tick = 0; tick < count; tick++) {
    // New connections replace the oldest ones.
    pool = pool.slice(tick === 0 ? 0 : load.newPerTick);
    while (pool.length < load.connections) {
      const n = next++;
      pool.push(
        tcp(`192.168.1.10:${1024 + (n % 60000)}`, `203.0.${(n >> 8) & 255}.${n & 255}:${[443, 80, 22, 5432][n % 4]}`, {
          process: n % 5 ? proc(1000 + (n % load.processes), 'node') : undefined,
          state: n % 7 ? 'ESTABLISHED' : 'TIME_WAIT',
          bytesSent: n % 3 ? n * 10 : undefined,
        }),
      );
    }
    yield makeSnapshot({ time: T0 + tick * load.intervalMs, connections: pool, processes, kernel: kernel({ tcpOutRsts: tick }) });
  }
}

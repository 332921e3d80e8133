import { MonitorSession } from '../src-main/session/monitor-session';
import { median } from '../src-shared/stats';

export interface MemoryPoint {
  ticks: number;
  /** Connections in that tick's snapshot: the comparison only holds if the host stayed about the same. */
  connections: number;
  heapUsedMb: number;
  rssMb: number;
}

export interface SessionMemoryResult {
  intervalMs: number;
  before: MemoryPoint;
  afterN: MemoryPoint;
  after2N: MemoryPoint;
  /** Heap growth between tick N and 2N, per tick, in KB (after a full GC at both points). */
  heapGrowthKbPerTick: number;
  /** That growth carried over a 24 h session at a 2 s interval (43,200 ticks); a linear extrapolation. */
  heapGrowthMbPer24h: number;
  medianCollectMs: number;
  medianDetectMs: number;
  alerts: number;
  connectionsLastTick: number;
}

const MB = 1024 * 1024;

function sample(ticks: number, connections: number, gc: () => void): MemoryPoint {
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { ticks, connections, heapUsedMb: heapUsed / MB, rssMb: rss / MB };
}

/**
 * Runs a real MonitorSession (real collector, every default rule) and compares memory after N
 * ticks with memory after 2N: a bounded session keeps the same footprint while ticks pile up.
 */
export async function measureSessionMemory(ticksN: number, intervalMs: number, gc: () => void): Promise<SessionMemoryResult> {
  const before = sample(0, 0, gc);
  const session = new MonitorSession({ intervalMs });
  // Only numbers are kept, so the bench itself adds nothing that grows with the snapshots.
  const collectMs: number[] = [];
  const detectMs: number[] = [];
  const points: MemoryPoint[] = [];
  const done = new Promise<void>((resolve) => {
    session.onBatch((batch) => {
      collectMs.push(batch.collectMs);
      detectMs.push(batch.detectMs);
      if (batch.seq === ticksN || batch.seq === 2 * ticksN) points.push(sample(batch.seq, batch.totals.connections, gc));
      if (batch.seq >= 2 * ticksN) resolve();
    });
  });
  let connectionsLastTick = 0;
  session.onBatch((batch) => {
    connectionsLastTick = batch.totals.connections;
  });
  await session.start();
  await done;
  await session.stop();
  const [afterN, after2N] = points;
  if (!afterN || !after2N) throw new Error('memory samples missing');
  const growthMb = after2N.heapUsedMb - afterN.heapUsedMb;
  return {
    intervalMs,
    before,
    afterN,
    after2N,
    heapGrowthKbPerTick: (growthMb * 1024) / ticksN,
    heapGrowthMbPer24h: (growthMb / ticksN) * 43_200,
    medianCollectMs: median(collectMs),
    medianDetectMs: median(detectMs),
    alerts: session.alerts().length,
    connectionsLastTick,
  };
}

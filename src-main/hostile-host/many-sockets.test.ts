// Hostile host: thousands of real sockets (a socket farm of loopback TCP pairs) watched by a real
// session; each batch crosses to the dashboard store as IPC would carry it (a JSON copy) and the
// store is reduced with the renderer's own reducer. Every batch stays under the batch budget (the
// first ones are cut and the rest follow), and the store holds no more than its caps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ALERTS } from '../../src-shared/alert-bounds';
import { ROW_IDS } from '../../src-shared/batch';
import type { TickBatch } from '../../src-shared/model';
import { startSocketFarm, type SocketFarm } from '../../bench/socket-farm';
import { MAX_TRACKED_IPS } from '../../src-renderer/store/arp-history';
import { initialDashboardData, type DashboardData } from '../../src-renderer/store/dashboard-data';
import { reduceBatch, SERIES_CAPACITY } from '../../src-renderer/store/session-reducer';
import { BATCH_BUDGET_BYTES } from '../session/batch-builder';
import { MonitorSession } from '../session/monitor-session';

const PROCESSES = 2;
/** 2 × 2,500 pairs × 2 sockets + 2 listeners = 10,002 TCP sockets: their rows alone exceed one batch's budget. */
const PAIRS_PER_CHILD = 2_500;
const reason = process.platform === 'linux' ? undefined : 'needs Linux /proc';
if (reason) console.log(`[hostile-host] many sockets skipped: ${reason}`);

/** Batches of a real session until one arrives uncut, then `extra` more. */
async function watch(extra: number, maxTicks: number): Promise<TickBatch[]> {
  const session = new MonitorSession({ intervalMs: 1_000 });
  const batches: TickBatch[] = [];
  let complete = 0;
  const done = new Promise<void>((resolve) => {
    session.onBatch((batch) => {
      batches.push(JSON.parse(JSON.stringify(batch)) as TickBatch); // what structured clone delivers
      if (!complete && !batch.truncated) complete = batch.seq;
      if ((complete && batch.seq >= complete + extra) || batch.seq >= maxTicks) resolve();
    });
  });
  await session.start();
  await done;
  await session.stop();
  return batches;
}

describe.skipIf(reason !== undefined)('hostile host: thousands of sockets', () => {
  let farm: SocketFarm | undefined;
  let batches: TickBatch[] = [];

  beforeAll(async () => {
    farm = await startSocketFarm({ processes: PROCESSES, pairsPerChild: PAIRS_PER_CHILD, readyTimeoutMs: 120_000 });
    batches = await watch(2, 20);
  }, 180_000);

  afterAll(async () => {
    await farm?.stop();
  });

  it('cuts every batch at the budget and sends the rest in the next ones', () => {
    const sizes = batches.map((batch) => JSON.stringify(batch).length);
    console.log(`[hostile-host] ${farm?.sockets()} farm sockets, ${batches.at(-1)?.totals.connections} connections: batch sizes ${sizes.join(', ')} bytes `
      + `(budget ${BATCH_BUDGET_BYTES})`);
    expect(batches.at(-1)?.totals.connections).toBeGreaterThanOrEqual(PROCESSES * PAIRS_PER_CHILD * 2);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(BATCH_BUDGET_BYTES);
    expect(batches[0]?.truncated?.budgetBytes).toBe(BATCH_BUDGET_BYTES);
    expect(batches.at(-1)?.truncated).toBeUndefined();
  });

  it('the dashboard store, fed those batches, holds every row once and stays within its caps', () => {
    let data: DashboardData = initialDashboardData();
    for (const batch of batches) data = { ...data, ...reduceBatch(data, batch) };
    const last = batches.at(-1) as TickBatch;
    expect(data.outOfStep).toBe(false);
    expect(data.tables.connections.rows.length).toBe(last.tables.connections.count);
    expect(data.tables.listening.rows.length).toBe(last.tables.listening.count);
    const farmPids = new Set(farm?.pids);
    const farmRows = data.tables.connections.rows.filter((row) => row.process && farmPids.has(row.process.pid));
    expect(farmRows.length).toBe(PROCESSES * PAIRS_PER_CHILD * 2);
    expect(new Set(data.tables.connections.rows.map(ROW_IDS.connections)).size).toBe(data.tables.connections.rows.length);
    expect(Object.keys(data.alerts).length).toBeLessThanOrEqual(MAX_ALERTS);
    expect(data.severitySeries.length).toBeLessThanOrEqual(SERIES_CAPACITY);
    expect(data.systemSeries.length).toBeLessThanOrEqual(SERIES_CAPACITY);
    expect(Object.keys(data.arpHistory).length).toBeLessThanOrEqual(MAX_TRACKED_IPS);
    // Rows reach the renderer with a slim owner: no command line copied onto each of 10,000 rows.
    expect(farmRows.every((row) => row.process?.cmdline === undefined)).toBe(true);
  });
});

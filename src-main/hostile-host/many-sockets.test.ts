// Hostile host: 50,004 real sockets (a socket farm of loopback TCP pairs) watched by a real session
// behind the core's SessionController. Every batch crosses as IPC would carry it (a JSON copy) and stays
// under the batch budget (the first ones are cut and the rest follow); a window that reloads afterwards
// gets getState's first page and the pages after it, each under the same budget, and they add up to
// every row. The batches and the catch-up are written to out/hostile-host/many-sockets.json, where the
// renderer's own test (src-renderer/store/many-sockets.hostile.test.ts) feeds them to the dashboard store.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSnapshotState } from '../../src-shared/api';
import { ROW_IDS } from '../../src-shared/batch';
import { assembleCatchUp, type CatchUpPage } from '../../src-shared/catch-up';
import { TABLE_NAMES, type TickBatch } from '../../src-shared/model';
import { median } from '../../src-shared/stats';
import { startSocketFarm, type SocketFarm } from '../../bench/socket-farm';
import { SessionController } from '../core/session-controller';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { BATCH_BUDGET_BYTES } from '../session/batch-builder';
import { MonitorSession } from '../session/monitor-session';

const PROCESSES = 4;
/** 4 × 6,250 pairs × 2 sockets + 4 listeners = 50,004 TCP sockets, the figure. */
const PAIRS_PER_CHILD = 6_250;
const MANY_SOCKETS_CAPTURE = join(import.meta.dirname, '..', '..', 'out', 'hostile-host', 'many-sockets.json');
const reason = process.platform === 'linux' ? undefined : 'needs Linux /proc';
if (reason) console.log(`[hostile-host] many sockets skipped: ${reason}`);

/** What IPC delivers: a structured clone, here a JSON copy (the size is its length). */
const overIpc = <T>(value: T): { value: T; bytes: number } => {
  const text = JSON.stringify(value);
  return { value: JSON.parse(text) as T, bytes: text.length };
};

/** Batches of a real session until one arrives uncut, then `extra` more; the session is then stopped, as the core keeps it. */
async function watch(controller: SessionController, extra: number, maxTicks: number): Promise<{ batches: TickBatch[]; sizes: number[] }> {
  const batches: TickBatch[] = [];
  const sizes: number[] = [];
  let complete = 0;
  const done = new Promise<void>((resolve) => {
    controller.onBatch((batch) => {
      const copy = overIpc(batch);
      batches.push(copy.value);
      sizes.push(copy.bytes);
      if (!complete && !batch.truncated) complete = batch.seq;
      if ((complete && batch.seq >= complete + extra) || batch.seq >= maxTicks) resolve();
    });
  });
  await controller.start({ ...DEFAULT_SETTINGS, intervalSec: 1 });
  await done;
  await controller.stop();
  return { batches, sizes };
}

describe.skipIf(reason !== undefined)('hostile host: 50,000 sockets', () => {
  let farm: SocketFarm | undefined;
  let batches: TickBatch[] = [];
  let sizes: number[] = [];
  let first: { value: SessionSnapshotState; bytes: number };
  let pages: { value: CatchUpPage | undefined; bytes: number }[] = [];
  let uncut = 0;
  let controller: SessionController;

  beforeAll(async () => {
    farm = await startSocketFarm({ processes: PROCESSES, pairsPerChild: PAIRS_PER_CHILD, readyTimeoutMs: 300_000 });
    controller = new SessionController(() => new MonitorSession({ intervalMs: 1_000 }), 'this-host');
    ({ batches, sizes } = await watch(controller, 3, 30));
    uncut = batches.findIndex((batch) => !batch.truncated);
    // A window reloads: getState's answer, then each page it names, as the core answers them.
    first = overIpc(controller.snapshotState());
    pages = [];
    for (let index = 1; index <= (first.value.more?.pages ?? 0); index += 1) pages.push(overIpc(controller.statePage(first.value.more?.id ?? '', index)));
    mkdirSync(join(MANY_SOCKETS_CAPTURE, '..'), { recursive: true });
    writeFileSync(
      MANY_SOCKETS_CAPTURE,
      JSON.stringify({
        farm: { pids: farm.pids, pairs: PROCESSES * PAIRS_PER_CHILD, sockets: farm.sockets() },
        batches,
        catchUp: { first: first.value, pages: pages.map((page) => page.value) },
      }),
    );
  }, 600_000);

  afterAll(async () => {
    await farm?.stop();
  });

  it('cuts every batch at the budget and sends the rest in the next ones', () => {
    const steady = sizes.slice(uncut + 1);
    console.log(
      `[hostile-host] ${farm?.sockets()} farm sockets, ${batches.at(-1)?.totals.connections} connections: ` +
        `first batch ${sizes[0]} bytes, all rows after ${uncut + 1} batches (${sizes.slice(0, uncut + 1).join(', ')}), ` +
        `steady median ${median(steady)} bytes (max ${Math.max(...steady)}), budget ${BATCH_BUDGET_BYTES}`,
    );
    expect(batches.at(-1)?.totals.connections).toBeGreaterThanOrEqual(PROCESSES * PAIRS_PER_CHILD * 2);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(BATCH_BUDGET_BYTES);
    expect(batches[0]?.truncated?.budgetBytes).toBe(BATCH_BUDGET_BYTES);
    expect(uncut).toBeGreaterThan(0);
    expect(batches.at(-1)?.truncated).toBeUndefined();
  });

  it('answers a reloading window in pages within the budget that add up to every row, once each', () => {
    const total = first.bytes + pages.reduce((sum, page) => sum + page.bytes, 0);
    console.log(
      `[hostile-host] catch-up at ${batches.at(-1)?.totals.connections} connections: ${total} bytes in ${pages.length + 1} messages ` +
        `(getState ${first.bytes}, largest page ${Math.max(...pages.map((page) => page.bytes))}), budget ${BATCH_BUDGET_BYTES}`,
    );
    expect(first.value.more?.pages).toBeGreaterThan(1);
    expect(first.bytes).toBeLessThanOrEqual(BATCH_BUDGET_BYTES);
    for (const page of pages) expect(page.bytes).toBeLessThanOrEqual(BATCH_BUDGET_BYTES);
    const whole = assembleCatchUp(
      first.value,
      pages.map((page) => page.value),
    );
    const last = batches.at(-1) as TickBatch;
    for (const name of TABLE_NAMES) {
      const rows = whole?.lastBatch?.tables[name].changed ?? [];
      expect(rows.length, name).toBe(last.tables[name].count);
      expect(new Set(rows.map((row) => (ROW_IDS[name] as (r: unknown) => string)(row))).size, name).toBe(rows.length);
    }
    const farmPids = new Set(farm?.pids);
    const farmRows = (whole?.lastBatch?.tables.connections.changed ?? []).filter((row) => row.process && farmPids.has(row.process.pid));
    expect(farmRows.length).toBe(PROCESSES * PAIRS_PER_CHILD * 2);
    // The core held every page until the last one was fetched, and no longer.
    expect(pages.every((page) => page.value !== undefined)).toBe(true);
    expect(controller.statePage(first.value.more?.id ?? '', 1)).toBeUndefined();
  });
});

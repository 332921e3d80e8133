// What one tick costs on the wire: the batches a real MonitorSession emits at a socket count, against
// the whole snapshot that every batch carried before deltas (measured on the same ticks).
import { MonitorSession } from '../src-main/session/monitor-session';
import { BATCH_BUDGET_BYTES } from '../src-main/session/batch-builder';
import type { TickBatch } from '../src-shared/model';
import { median } from '../src-shared/stats';

export interface BatchSizeResult {
  intervalMs: number;
  budgetBytes: number;
  connections: number;
  listening: number;
  /** JSON of the whole snapshot view of the same tick: what each batch carried before deltas. */
  wholeSnapshotBytes: number;
  /** Every batch until the first one not truncated, then the steady ones: JSON length as sent. */
  first: { bytes: number; heldBack: number };
  ticksToConverge: number;
  steady: { ticks: number; medianBytes: number; maxBytes: number; medianChangedRows: number };
  /** What a window that reloads is sent: every row and alert, in one message before paging. */
  catchUpBytes: number;
  /** The same in pages within the budget: getState's first page, then each page after it. */
  catchUpPaged: { messages: number; firstBytes: number; largestBytes: number; totalBytes: number };
}

const sizeOf = (batch: TickBatch): number => JSON.stringify(batch).length;
const heldBackOf = (batch: TickBatch): number => Object.values(batch.truncated?.heldBack ?? {}).reduce((sum, n) => sum + n, 0);

/** Runs a real session (real collector, every rule) until its batches are steady, then `steadyTicks` more. */
export async function measureBatchSizes(steadyTicks: number, intervalMs: number, maxTicks = 60): Promise<BatchSizeResult> {
  const session = new MonitorSession({ intervalMs });
  const sizes: number[] = [];
  const changedRows: number[] = [];
  let converged = 0;
  let firstBatch: { bytes: number; heldBack: number } | undefined;
  let wholeSnapshotBytes = 0;
  let totals = { connections: 0, listening: 0 };
  const done = new Promise<void>((resolve) => {
    session.onBatch((batch) => {
      const bytes = sizeOf(batch);
      sizes.push(bytes);
      changedRows.push(batch.tables.connections.changed.length + batch.tables.connections.removed.length);
      if (!firstBatch) {
        firstBatch = { bytes, heldBack: heldBackOf(batch) };
        wholeSnapshotBytes = JSON.stringify(session.latestSnapshot()).length;
        totals = { connections: batch.totals.connections, listening: batch.totals.listening };
      }
      if (!converged && !batch.truncated) converged = batch.seq;
      if ((converged && batch.seq >= converged + steadyTicks) || batch.seq >= maxTicks) resolve();
    });
  });
  await session.start();
  await done;
  await session.stop();
  const catchUp = session.catchUpBatch();
  const paged = session.catchUpPages();
  const firstPage = JSON.stringify({
    status: session.status(),
    alerts: paged.alerts,
    lastBatch: paged.lastBatch,
    more: { id: 'x', pages: paged.pages.length },
  }).length;
  const pageSizes = paged.pages.map((page) => JSON.stringify(page).length);
  const steady = converged ? sizes.slice(converged) : [];
  return {
    intervalMs,
    budgetBytes: BATCH_BUDGET_BYTES,
    ...totals,
    wholeSnapshotBytes,
    first: firstBatch ?? { bytes: 0, heldBack: 0 },
    ticksToConverge: converged,
    steady: {
      ticks: steady.length,
      medianBytes: median(steady),
      maxBytes: Math.max(...steady),
      medianChangedRows: median(converged ? changedRows.slice(converged) : []),
    },
    catchUpBytes: catchUp ? JSON.stringify({ status: session.status(), alerts: session.alerts(), lastBatch: catchUp }).length : 0,
    catchUpPaged: {
      messages: 1 + pageSizes.length,
      firstBytes: firstPage,
      largestBytes: Math.max(firstPage, ...pageSizes),
      totalBytes: pageSizes.reduce((sum, n) => sum + n, firstPage),
    },
  };
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

export function formatBatchSizes(farmSockets: number, r: BatchSizeResult): string {
  return [
    `IPC batch size at ${farmSockets.toLocaleString('en-US')} farm sockets (host: ${r.connections.toLocaleString('en-US')} connections, ` +
      `${r.listening.toLocaleString('en-US')} listening; real MonitorSession every ${r.intervalMs} ms; budget ${kb(r.budgetBytes)}):`,
    `  whole snapshot, same tick (what every batch carried before deltas): ${kb(r.wholeSnapshotBytes)}`,
    `  first batch: ${kb(r.first.bytes)}${r.first.heldBack ? ` (truncated: ${r.first.heldBack.toLocaleString('en-US')} changes held back)` : ''}; ` +
      `all rows sent after ${r.ticksToConverge} batches`,
    `  steady batch (${r.steady.ticks} ticks): median ${kb(r.steady.medianBytes)}, max ${kb(r.steady.maxBytes)}, ` +
      `median ${r.steady.medianChangedRows} connection rows opened/changed/closed per tick`,
    `  → steady batch ${(r.wholeSnapshotBytes / Math.max(1, r.steady.medianBytes)).toFixed(0)}x smaller than the whole snapshot; ` +
      `catch-up (after a reload) as one message: ${kb(r.catchUpBytes)}`,
    `  catch-up as sent: ${r.catchUpPaged.messages} messages (getState ${kb(r.catchUpPaged.firstBytes)}, then getStatePage), ` +
      `largest ${kb(r.catchUpPaged.largestBytes)}, ${kb(r.catchUpPaged.totalBytes)} in all`,
  ].join('\n');
}

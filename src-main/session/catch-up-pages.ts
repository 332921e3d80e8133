// Cuts a catch-up (every row receivers hold, every alert) into pages within the batch budget: the
// first page goes out as getState's answer, the rest wait in the core until the window asks for them.
import type { CatchUpPage } from '../../src-shared/catch-up';
import { TABLE_NAMES, type Alert, type SnapshotTables, type TableName, type TickBatch } from '../../src-shared/model';
import { Budget, ENVELOPE_BYTES, jsonSize, mostSevereFirst } from './batch-budget';

type Row = SnapshotTables[TableName][number];

export interface PagedCatchUp {
  /** The latest batch's facts and counts with the first page's rows (undefined before the first tick). */
  lastBatch?: TickBatch;
  /** The first page's alerts, most severe first. */
  alerts: Alert[];
  /** Every later page, in order (index 1 …). */
  pages: CatchUpPage[];
}

const emptyRows = (): CatchUpPage['rows'] => ({ connections: [], listening: [], arp: [] });

/**
 * Pages of `full` (a catch-up batch holding every row) and `alerts`: alerts first, most severe first,
 * then listening ports, neighbours and connections. `reservedBytes` is room on the first page for what
 * the caller sends beside it (the status, the page count).
 */
export function pageCatchUp(full: TickBatch | undefined, alerts: readonly Alert[], budgetBytes: number, reservedBytes: number): PagedCatchUp {
  const first = { alerts: [] as Alert[], rows: emptyRows() };
  const later: CatchUpPage[] = [];
  let head = full && { ...full, tables: emptyTables(full), changedAlerts: [], droppedAlertIds: [] };
  let current = first;
  const firstBudget = new Budget(budgetBytes, (head ? jsonSize(head) : 0) + reservedBytes + ENVELOPE_BYTES);
  let budget = firstBudget;
  const place = (size: number): void => {
    if (budget.take(size)) return;
    const page: CatchUpPage = { index: later.length + 1, alerts: [], rows: emptyRows() };
    later.push(page);
    current = page;
    budget = new Budget(budgetBytes, ENVELOPE_BYTES);
    budget.take(size);
  };
  for (const alert of [...alerts].sort(mostSevereFirst)) {
    place(jsonSize(alert));
    current.alerts.push(alert);
  }
  for (const name of ['listening', 'arp', 'connections'] as const) {
    for (const row of (full?.tables[name].changed ?? []) as Row[]) {
      place(jsonSize(row));
      (current.rows[name] as Row[]).push(row);
    }
  }
  if (head) {
    const tables = { ...head.tables };
    for (const name of TABLE_NAMES) tables[name] = { ...tables[name], changed: first.rows[name] } as never;
    head = { ...head, tables, bytes: firstBudget.used };
  }
  return { ...(head && { lastBatch: head }), alerts: first.alerts, pages: later };
}

function emptyTables(batch: TickBatch): TickBatch['tables'] {
  const tables = { ...batch.tables };
  for (const name of TABLE_NAMES) tables[name] = { changed: [], removed: [], count: batch.tables[name].count } as never;
  return tables;
}

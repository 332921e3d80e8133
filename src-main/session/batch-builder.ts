// Turns each tick into a TickBatch of what changed, within a size budget.
import { ROW_IDS } from '../../src-shared/batch';
import {
  TABLE_NAMES,
  type Alert,
  type BatchTruncation,
  type ProcessRef,
  type SnapshotTables,
  type SnapshotView,
  type TableDelta,
  type TableDeltas,
  type TableName,
  type TickBatch,
} from '../../src-shared/model';
import { BATCH_BUDGET_BYTES, Budget, ENVELOPE_BYTES, jsonSize, mostSevereFirst } from './batch-budget';
import { pageCatchUp, type PagedCatchUp } from './catch-up-pages';
import { TableTracker, type TablePending } from './table-tracker';

export { BATCH_BUDGET_BYTES } from './batch-budget';

/** Everything a tick produced, before it is reduced to changes. */
export interface TickInput extends Omit<TickBatch, 'host' | 'tables' | 'totals' | 'bytes' | 'truncated'> {
  view: SnapshotView;
}

type Row = SnapshotTables[TableName][number];

/** Counts that changed since the latest tick (a suppression added): a catch-up shows them. */
export type CatchUpNow = Partial<Pick<TickBatch, 'severityCounts' | 'suppressedCount' | 'suppressionCounts'>>;

/** Tables show who owns a socket, not the command line: that stays in the report and in alerts. */
function slimProcess(process: ProcessRef): ProcessRef {
  return { pid: process.pid, name: process.name, ...(process.exe !== undefined && { exe: process.exe }) };
}

/**
 * The row as the views need it. `closedAt` is left out: read from the kernel's TIME_WAIT timer it
 * moves by ±10 ms on every read, which would resend every TIME_WAIT socket every tick.
 */
function forBatch<T extends Row>(row: T): T {
  if ('closedAt' in row) {
    const { closedAt: _jitters, ...rest } = row;
    return forBatch(rest as T);
  }
  return 'process' in row && row.process ? { ...row, process: slimProcess(row.process) } : row;
}

export class BatchBuilder {
  private readonly trackers = {
    connections: new TableTracker(ROW_IDS.connections),
    listening: new TableTracker(ROW_IDS.listening),
    arp: new TableTracker(ROW_IDS.arp),
  } as { [K in TableName]: TableTracker<Row> };
  /** Alerts changed but not sent yet (latest version), bounded by the engine's cap. */
  private readonly pendingAlerts = new Map<string, Alert>();

  constructor(private readonly budgetBytes = BATCH_BUDGET_BYTES) {}

  /**
   * With `withTables` false (a receiver that reads the latest snapshot, not table deltas: the CLI) the
   * row diff, the most expensive part at 10,000s of sockets, is skipped: the deltas are empty and
   * only their counts are given.
   */
  build(input: TickInput, withTables = true): TickBatch {
    if (!withTables) return this.buildWithoutTables(input);
    const { view, ...rest } = input;
    const { connections, listening, arp, ...host } = view;
    for (const id of input.droppedAlertIds) this.pendingAlerts.delete(id);
    for (const alert of input.changedAlerts) this.pendingAlerts.set(alert.id, alert);
    const base = { ...rest, host, totals: { connections: connections.length, listening: listening.length, arp: arp.length } };
    const budget = new Budget(this.budgetBytes, jsonSize(base) + ENVELOPE_BYTES);
    const changedAlerts = this.takeAlerts(budget);
    const pending = {} as Record<TableName, TablePending<Row>>;
    for (const name of TABLE_NAMES) pending[name] = this.trackers[name].diff(view[name].map(forBatch));
    // Removals before changes, so receivers never show a closed socket for long; small tables first.
    const removed = {} as Record<TableName, string[]>;
    for (const name of TABLE_NAMES) removed[name] = takeWhile(pending[name].removed, (id) => budget.take(id.length + 3));
    const changed = {} as Record<TableName, [string, Row][]>;
    for (const name of ['listening', 'arp', 'connections'] as const) {
      changed[name] = takeWhile(pending[name].changed, ([, row]) => budget.take(jsonSize(row)));
    }
    const tables = {} as Record<TableName, TableDelta<Row>>;
    for (const name of TABLE_NAMES) {
      this.trackers[name].commit(changed[name], removed[name]);
      tables[name] = { changed: changed[name].map(([, row]) => row), removed: removed[name], count: this.trackers[name].size };
    }
    const heldBack: BatchTruncation['heldBack'] = { alerts: this.pendingAlerts.size, connections: 0, listening: 0, arp: 0 };
    for (const name of TABLE_NAMES) {
      heldBack[name] = pending[name].changed.length + pending[name].removed.length - changed[name].length - removed[name].length;
    }
    const truncated = Object.values(heldBack).some((n) => n > 0) ? { budgetBytes: this.budgetBytes, heldBack } : undefined;
    return {
      ...base,
      tables: tables as TableDeltas,
      changedAlerts,
      bytes: budget.used,
      ...(truncated && { truncated }),
    };
  }

  private buildWithoutTables(input: TickInput): TickBatch {
    const { view, ...rest } = input;
    const { connections, listening, arp, ...host } = view;
    for (const id of input.droppedAlertIds) this.pendingAlerts.delete(id);
    for (const alert of input.changedAlerts) this.pendingAlerts.set(alert.id, alert);
    const totals = { connections: connections.length, listening: listening.length, arp: arp.length };
    const base = { ...rest, host, totals };
    const budget = new Budget(this.budgetBytes, jsonSize(base) + ENVELOPE_BYTES);
    const changedAlerts = this.takeAlerts(budget);
    const empty = (count: number): TableDelta<Row> => ({ changed: [], removed: [], count });
    const deltas = { connections: empty(totals.connections), listening: empty(totals.listening), arp: empty(totals.arp) } as TableDeltas;
    const held = this.pendingAlerts.size;
    const truncated = held > 0 ? { budgetBytes: this.budgetBytes, heldBack: { alerts: held, connections: 0, listening: 0, arp: 0 } } : undefined;
    return { ...base, tables: deltas, changedAlerts, bytes: budget.used, ...(truncated && { truncated }) };
  }

  /**
   * A batch that gives a late receiver everything the others hold after `latest`, in one piece (for
   * tools and tests; a window gets catchUpPages). `now` replaces what changed since the latest tick
   * without one (a suppression's effect on the counts).
   */
  catchUp(latest: TickBatch, now: CatchUpNow = {}): TickBatch {
    const batch = this.wholeCatchUp(latest, now);
    // The size includes its own digits.
    const withoutDigits = JSON.stringify(batch).length - 1;
    let bytes = withoutDigits + 1;
    while (withoutDigits + String(bytes).length !== bytes) bytes = withoutDigits + String(bytes).length;
    return { ...batch, bytes };
  }

  /**
   * The catch-up within the budget: the first page (`lastBatch`, `alerts`) and the pages after it,
   * each at most the budget; `reservedBytes` is room on the first page for what is sent beside it.
   * Before the first tick only the alerts are paged.
   */
  catchUpPages(latest: TickBatch | undefined, alerts: readonly Alert[], now: CatchUpNow = {}, reservedBytes = 0): PagedCatchUp {
    return pageCatchUp(latest && this.wholeCatchUp(latest, now), alerts, this.budgetBytes, reservedBytes);
  }

  reset(): void {
    for (const name of TABLE_NAMES) this.trackers[name].reset();
    this.pendingAlerts.clear();
  }

  private wholeCatchUp(latest: TickBatch, now: CatchUpNow): TickBatch {
    const tables = {} as Record<TableName, TableDelta<Row>>;
    for (const name of TABLE_NAMES) {
      const rows = this.trackers[name].rows();
      tables[name] = { changed: rows, removed: [], count: rows.length };
    }
    const { truncated: _held, ...rest } = latest;
    return { ...rest, ...now, tables: tables as TableDeltas, changedAlerts: [], droppedAlertIds: [], bytes: 0 };
  }

  private takeAlerts(budget: Budget): Alert[] {
    const ordered = [...this.pendingAlerts.values()].sort(mostSevereFirst);
    const sent = takeWhile(ordered, (alert) => budget.take(jsonSize(alert)));
    for (const alert of sent) this.pendingAlerts.delete(alert.id);
    return sent;
  }
}

function takeWhile<T>(items: readonly T[], fits: (item: T) => boolean): T[] {
  const taken: T[] = [];
  for (const item of items) {
    if (!fits(item)) break;
    taken.push(item);
  }
  return taken;
}

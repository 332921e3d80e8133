// Everything both ends of a TickBatch agree on: how a row is named, how a delta is applied,
// and how two batches fold into one (for a transport or a receiver that fell behind).
import type { Alert, ArpEntry, Connection, ListeningPort, SnapshotTables, TableDelta, TableDeltas, TableName, TickBatch } from './model';
import { TABLE_NAMES } from './model';
import { arpBindingKey } from './arp-binding';

/** A socket keeps its id while its state or byte counts change; a new socket on the same ports gets a new inode, so a new id. */
export function connectionId(c: Connection): string {
  return `${c.protocol}|${c.localAddress}|${c.localPort}|${c.remoteAddress}|${c.remotePort}|${c.inode}`;
}

export function listeningId(l: ListeningPort): string {
  return `${l.protocol}|${l.address}|${l.port}|${l.inode}`;
}

/** An ARP row is one neighbour binding (src-shared/arp-binding). */
export const arpId: (a: ArpEntry) => string = arpBindingKey;

type RowOf<K extends TableName> = SnapshotTables[K][number];

export const ROW_IDS: { [K in TableName]: (row: RowOf<K>) => string } = {
  connections: connectionId,
  listening: listeningId,
  arp: arpId,
};

/** True when the delta lists every row of the table (a first batch, a catch-up, or every row changed). */
export function restatesTable<T>(delta: TableDelta<T>): boolean {
  return delta.changed.length === delta.count && delta.count > 0;
}

/** The table after `delta`; the same Map when nothing changed. */
export function applyTableDelta<T>(rows: ReadonlyMap<string, T>, delta: TableDelta<T>, idOf: (row: T) => string): ReadonlyMap<string, T> {
  if (delta.changed.length === 0 && !delta.removed.some((id) => rows.has(id))) return rows;
  // Every row is in the delta: build the table from it instead of copying the old one first.
  if (restatesTable(delta)) return new Map(delta.changed.map((row) => [idOf(row), row]));
  const next = new Map(rows);
  for (const id of delta.removed) next.delete(id);
  for (const row of delta.changed) next.set(idOf(row), row);
  return next;
}

/** Last operation per id wins, so the fold applied to any state between the two batches gives the newer state. */
function foldTable<T>(older: TableDelta<T>, newer: TableDelta<T>, idOf: (row: T) => string): TableDelta<T> {
  const changed = new Map<string, T>();
  const removed = new Set<string>();
  for (const delta of [older, newer]) {
    for (const id of delta.removed) {
      changed.delete(id);
      removed.add(id);
    }
    for (const row of delta.changed) {
      const id = idOf(row);
      removed.delete(id);
      changed.set(id, row);
    }
  }
  return { changed: [...changed.values()], removed: [...removed], count: newer.count };
}

/** Alerts fold as table rows do: an alert is a row keyed by its id, a dropped id a removed row. */
function foldAlerts(older: TickBatch, newer: TickBatch): Pick<TickBatch, 'changedAlerts' | 'droppedAlertIds'> {
  const asDelta = (batch: TickBatch): TableDelta<Alert> => ({ changed: batch.changedAlerts, removed: batch.droppedAlertIds, count: 0 });
  const folded = foldTable(asDelta(older), asDelta(newer), (alert) => alert.id);
  return { changedAlerts: folded.changed, droppedAlertIds: folded.removed };
}

/** One batch standing for two consecutive ones of the same session (the newer's metrics, both batches' changes). */
export function foldBatches(older: TickBatch, newer: TickBatch): TickBatch {
  const tables = {} as Record<TableName, TableDelta<unknown>>;
  for (const name of TABLE_NAMES) {
    tables[name] = foldTable<unknown>(older.tables[name], newer.tables[name], ROW_IDS[name] as (row: unknown) => string);
  }
  return {
    ...newer,
    tables: tables as TableDeltas,
    ...foldAlerts(older, newer),
    warnings: [...new Set([...older.warnings, ...newer.warnings])],
  };
}

// Pure pieces of applying a TickBatch to the dashboard's data; tested without a store.
import { MAX_ALERTS, pickEvictions } from '../../src-shared/alert-bounds';
import { ROW_IDS, applyTableDelta, restatesTable } from '../../src-shared/batch';
import {
  TABLE_NAMES,
  emptySeverityCounts,
  type Alert,
  type HostFacts,
  type SeverityCounts,
  type SnapshotTables,
  type SnapshotView,
  type TableDelta,
  type TableName,
  type TickBatch,
} from '../../src-shared/model';

type RowOf<K extends TableName> = SnapshotTables[K][number];

/**
 * One table as this window holds it: the rows in the order the views read them, and an index by row
 * id, built only when a delta needs it (a batch that lists every row replaces the table as it is).
 */
export interface TableState<T> {
  readonly rows: readonly T[];
  readonly byId?: ReadonlyMap<string, T>;
}

export type DashboardTables = { readonly [K in TableName]: TableState<RowOf<K>> };

export function emptyTables(): DashboardTables {
  return { connections: { rows: [] }, listening: { rows: [] }, arp: { rows: [] } };
}

export interface AppliedTables {
  tables: DashboardTables;
  /** Every table holds the number of rows the batch says receivers hold. */
  consistent: boolean;
}

function applyToTable<T>(table: TableState<T>, delta: TableDelta<T>, idOf: (row: T) => string): TableState<T> {
  if (restatesTable(delta)) return { rows: delta.changed };
  if (delta.changed.length === 0 && delta.removed.length === 0) return table;
  const index = table.byId ?? new Map(table.rows.map((row) => [idOf(row), row]));
  const next = applyTableDelta(index, delta, idOf);
  return next === index ? { rows: table.rows, byId: index } : { rows: [...next.values()], byId: next };
}

export function applyTables(tables: DashboardTables, batch: Pick<TickBatch, 'tables'>): AppliedTables {
  const next: Record<TableName, TableState<unknown>> = { ...tables };
  let consistent = true;
  for (const name of TABLE_NAMES) {
    const delta = batch.tables[name] as TableDelta<unknown>;
    next[name] = applyToTable(tables[name] as TableState<unknown>, delta, ROW_IDS[name] as (row: unknown) => string);
    if ((next[name].byId?.size ?? next[name].rows.length) !== delta.count) consistent = false;
  }
  return { tables: next as DashboardTables, consistent };
}

/** The host as the views read it: the latest facts and each table's rows. */
export function snapshotOf(host: HostFacts, tables: DashboardTables): SnapshotView {
  return {
    ...host,
    connections: tables.connections.rows as SnapshotTables['connections'],
    listening: tables.listening.rows as SnapshotTables['listening'],
    arp: tables.arp.rows as SnapshotTables['arp'],
  };
}

/** Applies changed and dropped alerts, then caps the map the way the engine caps its own. */
export function withAlerts(
  alerts: Readonly<Record<string, Alert>>,
  changed: readonly Alert[],
  dropped: readonly string[] = [],
  max = MAX_ALERTS,
): Readonly<Record<string, Alert>> {
  if (changed.length === 0 && !dropped.some((id) => id in alerts)) return alerts;
  const next: Record<string, Alert> = { ...alerts };
  for (const id of dropped) delete next[id];
  for (const alert of changed) next[alert.id] = alert;
  for (const id of pickEvictions(Object.values(next), max)) delete next[id];
  return next;
}

export interface SeverityPoint extends SeverityCounts {
  time: number;
}

export function severityPoint(time: number, changed: readonly Alert[]): SeverityPoint {
  const point: SeverityPoint = { time, ...emptySeverityCounts() };
  // A suppressed alert is not activity worth a bar (it may arrive only because a suppression re-marked it).
  for (const alert of changed) if (alert.status !== 'suppressed') point[alert.severity] += 1;
  return point;
}

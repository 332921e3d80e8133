// Pure pieces of applying a TickBatch to the dashboard's data; tested without a store.
import { MAX_ALERTS, pickEvictions } from '../../src-shared/alert-bounds';
import { ROW_IDS, applyTableDelta, restatesTable } from '../../src-shared/batch';
import {
  TABLE_NAMES, emptySeverityCounts,
  type Alert, type HostFacts, type SeverityCounts, type SnapshotTables, type SnapshotView, type TableDelta, type TableName, type TickBatch,
} from '../../src-shared/model';

type RowOf<K extends TableName> = SnapshotTables[K][number];

/** The rows this window holds, by row id; rebuilt from deltas, replaced on catch-up. */
export type DashboardTables = { readonly [K in TableName]: ReadonlyMap<string, RowOf<K>> };

export function emptyTables(): DashboardTables {
  return { connections: new Map(), listening: new Map(), arp: new Map() };
}

export interface AppliedTables {
  tables: DashboardTables;
  /** Every table holds the number of rows the batch says receivers hold. */
  consistent: boolean;
  /** Tables the batch listed in full: their rows as an array already, in the batch's order. */
  restated: Partial<SnapshotTables>;
}

export function applyTables(tables: DashboardTables, batch: Pick<TickBatch, 'tables'>): AppliedTables {
  const next: Record<TableName, ReadonlyMap<string, unknown>> = { ...tables };
  const restated: Record<string, unknown[]> = {};
  let consistent = true;
  for (const name of TABLE_NAMES) {
    const delta = batch.tables[name] as TableDelta<unknown>;
    next[name] = applyTableDelta(tables[name] as ReadonlyMap<string, unknown>, delta, ROW_IDS[name] as (row: unknown) => string);
    if (next[name].size !== delta.count) consistent = false;
    else if (restatesTable(delta)) restated[name] = delta.changed;
  }
  return { tables: next as DashboardTables, consistent, restated: restated as Partial<SnapshotTables> };
}

/** The views read arrays: each is rebuilt only when its table changed, so unchanged tables keep their identity. */
export function snapshotOf(
  host: HostFacts, { tables, restated }: Omit<AppliedTables, 'consistent'>, previous: { snapshot?: SnapshotView; tables: DashboardTables },
): SnapshotView {
  const rowsOf = <K extends TableName>(name: K): SnapshotTables[K] => {
    const kept = previous.snapshot && previous.tables[name] === tables[name] ? previous.snapshot[name] : undefined;
    return kept ?? restated[name] ?? ([...tables[name].values()] as SnapshotTables[K]);
  };
  return { ...host, connections: rowsOf('connections'), listening: rowsOf('listening'), arp: rowsOf('arp') };
}

/** Applies changed and dropped alerts, then caps the map the way the engine caps its own. */
export function withAlerts(
  alerts: Readonly<Record<string, Alert>>, changed: readonly Alert[], dropped: readonly string[] = [], max = MAX_ALERTS,
): Readonly<Record<string, Alert>> {
  if (changed.length === 0 && !dropped.some((id) => id in alerts)) return alerts;
  const next: Record<string, Alert> = { ...alerts };
  for (const id of dropped) delete next[id];
  for (const alert of changed) next[alert.id] = alert;
  for (const id of pickEvictions(Object.values(next), max)) delete next[id];
  return next;
}

export interface SeverityPoint extends SeverityCounts { time: number }

export function severityPoint(time: number, changed: readonly Alert[]): SeverityPoint {
  const point: SeverityPoint = { time, ...emptySeverityCounts() };
  for (const alert of changed) point[alert.severity] += 1;
  return point;
}

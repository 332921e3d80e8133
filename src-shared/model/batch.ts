// The batch a session sends every tick: host facts, table deltas and changed alerts.
// Part of the data contract (src-shared/model); pure types and constants.
import type { Alert, SeverityCounts } from './alerts';
import type { ArpEntry, CoverageWarning, Gateway, InterfaceAddress, InterfaceCounters, SystemMetrics } from './host';
import type { Connection, ListeningPort } from './sockets';

export type SessionState = 'idle' | 'running' | 'stopping' | 'stopped';

/** The small part of a snapshot, sent whole with every batch. */
export interface HostFacts {
  time: number;
  hostname: string;
  platform: string;
  gateway?: Gateway;
  dnsResolvers: string[];
  interfaces: InterfaceCounters[];
  system: SystemMetrics;
  coverage: CoverageWarning[];
  /** This host's interface addresses, so the renderer's HOME_NET matches main's (optional: added for the renderer). */
  localAddresses?: InterfaceAddress[];
}

/** The tables of a snapshot that host activity can grow: batches carry only their changes. */
export interface SnapshotTables {
  connections: Connection[];
  listening: ListeningPort[];
  arp: ArpEntry[];
}

export type TableName = keyof SnapshotTables;
export const TABLE_NAMES: readonly TableName[] = ['connections', 'listening', 'arp'];

/** The part of a snapshot the UI and report need (no process tree). */
export interface SnapshotView extends HostFacts, SnapshotTables {}
/** One table's changes since the previous batch; rows are keyed by `rowId` (src-shared/batch.ts). */
export interface TableDelta<T> {
  /** Rows that appeared (opened connections) or changed (state, byte counts, owner). */
  changed: T[];
  /** Ids of rows that are gone (closed connections). */
  removed: string[];
  /** Rows a receiver holds once it applied this delta; a receiver holding another number is out of step and calls getState. */
  count: number;
}

export type TableDeltas = { [K in TableName]: TableDelta<SnapshotTables[K][number]> };

/** Set when a batch reached its size budget: what was held back follows in the next batches. */
export interface BatchTruncation {
  budgetBytes: number;
  /** Changes (rows, removals, alerts) left for later batches. */
  heldBack: Record<TableName | 'alerts', number>;
}

/**
 * One message per tick from the session to every consumer: what changed since the previous batch.
 * A receiver that starts late or misses one catches up with getState (a batch holding every row).
 */
export interface TickBatch {
  seq: number;
  time: number;
  startedAt: number;
  elapsedMs: number;
  state: SessionState;
  host: HostFacts;
  tables: TableDeltas;
  /** Rows on the host this tick (a receiver may hold fewer while a truncated batch catches up). */
  totals: Record<TableName, number>;
  /** Alerts created or updated since the previous batch, most severe first. */
  changedAlerts: Alert[];
  /** Counts over the session's active alerts (suppressed ones are left out). */
  severityCounts: SeverityCounts;
  /** How many alerts are suppressed now. */
  suppressedCount?: number;
  /** How many alerts each suppression of the settings holds now, in list order: the engine's count over every alert it keeps. */
  suppressionCounts?: number[];
  /** Alerts the engine evicted this tick (to stay within its cap): consumers holding alerts remove them. */
  droppedAlertIds: string[];
  /** Alerts not kept on their own since the session began (evicted, or folded into a flood summary); the report's coverage shows the same number. */
  alertsDropped: number;
  /** Milliseconds spent collecting and detecting this tick. */
  collectMs: number;
  detectMs: number;
  /** Problems of this tick (collector coverage is in host.coverage). */
  warnings: string[];
  /** Serialised size of this batch in bytes (JSON, as estimated by the session while building it). */
  bytes: number;
  truncated?: BatchTruncation;
}

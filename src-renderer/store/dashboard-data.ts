// What the dashboard holds: the store's data shape and its empty state.
import type { SessionStatus } from '../../src-shared/api';
import { emptySeverityCounts, type Alert, type BatchTruncation, type SeverityCounts, type SnapshotView } from '../../src-shared/model';
import { type MonitorSettings } from '../../src-shared/settings';
import { emptyAppUsage, type AppUsage } from './app-usage';
import { type ArpHistory } from './arp-history';
import { emptyTables, type DashboardTables, type SeverityPoint } from './batch-reducer';

export interface SystemPoint {
  time: number;
  cpuPercent: number;
  memPercent: number;
  memUsedBytes: number;
  rxRate: number;
  txRate: number;
  /** Cumulative counters as the collector reports them. */
  errors: number;
  drops: number;
}

export type ExportState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saved'; path: string; bytes: number }
  | { kind: 'canceled' }
  | { kind: 'failed'; error: string; fallbackPath?: string };

export type ConnectionPhase = 'connecting' | 'ready' | 'unavailable';

export interface DashboardData {
  /** Whether the bridge to main answered yet. */
  phase: ConnectionPhase;
  phaseError?: string;
  status: SessionStatus;
  /** Start or stop requested and not answered yet. */
  pendingAction?: 'start' | 'stop';
  actionError?: string;
  seq: number;
  sessionStartedAt?: number;
  /** The rows this window holds, kept in step by each batch's deltas. */
  tables: DashboardTables;
  /** The host as the views read it: the latest facts and the tables as arrays. */
  snapshot?: SnapshotView;
  /** The latest batch reached its size budget: rows are still arriving. */
  truncated?: BatchTruncation;
  /** A batch was missed or a table's size disagrees with main: the window catches up with getState. */
  outOfStep: boolean;
  /** Size of the latest batch (JSON characters). */
  batchBytes: number;
  /** At most MAX_ALERTS, evicted in the engine's order; alerts the engine dropped are removed. */
  alerts: Readonly<Record<string, Alert>>;
  /** The engine's counts over every active alert it holds (suppressed ones are left out). */
  severityCounts: SeverityCounts;
  suppressedCount: number;
  /**
   * The engine's count of alerts per suppression, in settings order, from the latest batch (it counts
   * every alert the engine keeps); undefined while the window's suppressions changed since that batch.
   */
  suppressionCounts?: readonly number[];
  /** Suppressed alerts are listed dimmed (true) or left out of the lists (false). */
  showSuppressed: boolean;
  /** The alert whose "Suppress…" form is open. */
  suppressFormFor?: string;
  /** Alerts the engine dropped this session (evicted or folded into a summary). */
  alertsDropped: number;
  warnings: readonly string[];
  collectMs: number;
  detectMs: number;
  /** Alerts created or updated per tick, by severity. */
  severitySeries: readonly SeverityPoint[];
  systemSeries: readonly SystemPoint[];
  arpHistory: ArpHistory;
  /** Per application over the session (bounded), for the Apps view. */
  appUsage: AppUsage;
  settings?: MonitorSettings;
  exportState: ExportState;
  selectedAlertId?: string;
}
export function initialDashboardData(): DashboardData {
  return {
    phase: 'connecting',
    status: { state: 'idle', hostname: '' },
    seq: 0,
    tables: emptyTables(),
    outOfStep: false,
    batchBytes: 0,
    alerts: {},
    severityCounts: emptySeverityCounts(),
    suppressedCount: 0,
    showSuppressed: true,
    alertsDropped: 0,
    warnings: [],
    collectMs: 0,
    detectMs: 0,
    severitySeries: [],
    systemSeries: [],
    arpHistory: {},
    appUsage: emptyAppUsage(),
    exportState: { kind: 'idle' },
  };
}

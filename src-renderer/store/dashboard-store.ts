// The dashboard's one store. Every TickBatch is applied with exactly one set().
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExportResult, SessionSnapshotState, SessionStatus } from '../../src-shared/api';
import {
  emptySeverityCounts,
  type Alert, type BatchTruncation, type SeverityCounts, type SnapshotView, type TickBatch,
} from '../../src-shared/model';
import { type MonitorSettings } from '../../src-shared/settings';
import { emptyAppUsage, foldAppUsage, type AppUsage } from './app-usage';
import { updateArpHistory, type ArpHistory } from './arp-history';
import {
  applyTables, emptyTables, severityPoint, snapshotOf, withAlerts, type DashboardTables, type SeverityPoint,
} from './batch-reducer';
import { appendBounded } from './ring-buffer';
import { reduceSettings } from './settings-reducer';

/** 300 points = 10 minutes at the default 2 s interval. */
export const SERIES_CAPACITY = 300;

export type { SeverityPoint } from './batch-reducer';
export { withAlerts } from './batch-reducer';

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

export interface DashboardActions {
  applyBatch(batch: TickBatch): void;
  applyStatus(status: SessionStatus): void;
  /** Catch-up: replaces the session data with getState's answer, then applies `since` (the batches that arrived meanwhile, folded). */
  hydrate(state: SessionSnapshotState, since?: TickBatch): void;
  setPhase(phase: ConnectionPhase, error?: string): void;
  setPendingAction(action: 'start' | 'stop' | undefined, error?: string): void;
  /** New settings; changed suppressions re-mark the held alerts and the counters at once. */
  setSettings(settings: MonitorSettings): void;
  setShowSuppressed(show: boolean): void;
  /** Selects the alert and opens its "Suppress…" form (undefined closes it). */
  openSuppressForm(id: string | undefined): void;
  setExportPending(): void;
  setExportResult(result: ExportResult): void;
  dismissExport(): void;
  selectAlert(id: string | undefined): void;
}

export type DashboardState = DashboardData & DashboardActions;
export type DashboardStore = StoreApi<DashboardState>;

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

/** Data that belongs to one monitoring session and is dropped when a new one starts. */
type SessionData = 'alerts' | 'alertsDropped' | 'severitySeries' | 'systemSeries' | 'arpHistory' | 'appUsage' | 'selectedAlertId' | 'suppressFormFor' | 'tables' | 'snapshot' | 'truncated';

function freshSessionData(): Pick<DashboardData, SessionData> {
  return {
    alerts: {}, alertsDropped: 0, severitySeries: [], systemSeries: [], arpHistory: {}, appUsage: emptyAppUsage(), selectedAlertId: undefined, suppressFormFor: undefined,
    tables: emptyTables(), snapshot: undefined, truncated: undefined,
  };
}

function systemPoint(batch: TickBatch): SystemPoint {
  const { system } = batch.host;
  return {
    time: batch.time,
    cpuPercent: system.cpuPercent,
    memPercent: system.memTotalBytes > 0 ? (100 * system.memUsedBytes) / system.memTotalBytes : 0,
    memUsedBytes: system.memUsedBytes,
    rxRate: system.netRxRate,
    txRate: system.netTxRate,
    errors: system.netErrors,
    drops: system.netDrops,
  };
}

/** After a reload the per-tick history is gone; each alert's last change still places it on the timeline. */
export function seedSeverityPoints(alerts: readonly Alert[]): SeverityPoint[] {
  const byTime = new Map<number, SeverityPoint>();
  for (const alert of alerts) {
    const point = byTime.get(alert.lastSeen) ?? { time: alert.lastSeen, ...emptySeverityCounts() };
    point[alert.severity] += 1;
    byTime.set(alert.lastSeen, point);
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time).slice(-SERIES_CAPACITY);
}

/**
 * Reduces one batch into the next data; pure so it is tested without a store. `ignoreStep` is for
 * catch-up, where a batch folded from several is applied on top of getState's answer.
 */
export function reduceBatch(state: DashboardData, batch: TickBatch, options: { ignoreStep?: boolean } = {}): Partial<DashboardData> {
  const newSession = state.sessionStartedAt !== batch.startedAt;
  const base = newSession ? { ...state, ...freshSessionData() } : state;
  const { tables, consistent } = applyTables(base.tables, batch);
  const snapshot = snapshotOf(batch.host, tables);
  const inStep = options.ignoreStep === true || batch.seq === (newSession ? 1 : state.seq + 1);
  const hostname = batch.host.hostname || state.status.hostname;
  const statusChanged =
    state.status.state !== batch.state || state.status.startedAt !== batch.startedAt || state.status.hostname !== hostname;
  return {
    ...(newSession ? { selectedAlertId: undefined } : {}),
    seq: batch.seq,
    sessionStartedAt: batch.startedAt,
    tables,
    snapshot,
    truncated: batch.truncated,
    outOfStep: !consistent || !inStep,
    batchBytes: batch.bytes,
    alerts: withAlerts(base.alerts, batch.changedAlerts, batch.droppedAlertIds),
    severityCounts: batch.severityCounts,
    suppressedCount: batch.suppressedCount ?? 0,
    alertsDropped: batch.alertsDropped,
    warnings: batch.warnings,
    collectMs: batch.collectMs,
    detectMs: batch.detectMs,
    severitySeries: appendBounded(base.severitySeries, severityPoint(batch.time, batch.changedAlerts), SERIES_CAPACITY),
    systemSeries: appendBounded(base.systemSeries, systemPoint(batch), SERIES_CAPACITY),
    arpHistory: updateArpHistory(base.arpHistory, snapshot.arp, batch.time),
    appUsage: foldAppUsage(base.appUsage, batch.tables.connections, batch.time),
    ...(statusChanged ? { status: { ...state.status, state: batch.state, startedAt: batch.startedAt, hostname } } : {}),
  };
}

/** getState's answer as dashboard data; a window of the same session keeps its per-tick history. */
export function restoreState(current: DashboardData, { status, alerts, lastBatch }: SessionSnapshotState, since?: TickBatch): DashboardData {
  const sameSession = current.seq > 0 && current.sessionStartedAt === status.startedAt;
  let data: DashboardData = {
    ...current, ...freshSessionData(), phase: 'ready', status, sessionStartedAt: status.startedAt, seq: 0, outOfStep: false,
  };
  if (lastBatch) data = { ...data, ...reduceBatch(data, { ...lastBatch, changedAlerts: [] }, { ignoreStep: true }), status };
  data = { ...data, alerts: withAlerts({}, alerts), severitySeries: seedSeverityPoints(alerts) };
  if (since && lastBatch && since.startedAt === lastBatch.startedAt && since.seq > lastBatch.seq) {
    data = { ...data, ...reduceBatch(data, since, { ignoreStep: true }) };
  }
  if (!sameSession) return data;
  // The live points only cover the batches since the reload; the history before them comes from the alerts.
  const firstLive = current.severitySeries[0]?.time ?? Infinity;
  const history = data.severitySeries.filter((point) => point.time < firstLive);
  return {
    ...data,
    severitySeries: [...history, ...current.severitySeries].slice(-SERIES_CAPACITY),
    systemSeries: current.systemSeries,
    arpHistory: current.arpHistory,
    selectedAlertId: current.selectedAlertId,
  };
}

let lastApplyStart = 0;

/** performance.now() when the latest applyBatch began; the render probe measures from here to React's commit. */
export function lastApplyStartTime(): number {
  return lastApplyStart;
}

export const APPLY_MEASURE = 'netsentinel:applyBatch';

export function createDashboardStore(): DashboardStore {
  return createStore<DashboardState>()((set) => ({
    ...initialDashboardData(),

    applyBatch(batch) {
      lastApplyStart = performance.now();
      set((state) => reduceBatch(state, batch));
      // Observers still receive the entry; clearing keeps the timeline buffer from growing for a 24 h session.
      performance.measure(APPLY_MEASURE, { start: lastApplyStart, detail: { seq: batch.seq } });
      performance.clearMeasures(APPLY_MEASURE);
    },

    applyStatus(status) {
      set((state) => (status.startedAt !== undefined && status.startedAt !== state.sessionStartedAt && status.state === 'running'
        ? { status, ...freshSessionData(), sessionStartedAt: status.startedAt, seq: 0, severityCounts: emptySeverityCounts() }
        : { status }));
    },

    hydrate(state, since) {
      set((current) => restoreState(current, state, since));
    },

    setPhase(phase, error) {
      set({ phase, phaseError: error });
    },

    setPendingAction(action, error) {
      set({ pendingAction: action, actionError: error });
    },

    setSettings(settings) {
      set((state) => reduceSettings(state, settings, Date.now()));
    },

    setShowSuppressed(show) {
      set({ showSuppressed: show });
    },

    openSuppressForm(id) {
      set(id === undefined ? { suppressFormFor: undefined } : { suppressFormFor: id, selectedAlertId: id });
    },

    setExportPending() {
      set({ exportState: { kind: 'pending' } });
    },

    setExportResult(result) {
      set({ exportState: exportStateOf(result) });
    },

    dismissExport() {
      set({ exportState: { kind: 'idle' } });
    },

    selectAlert(id) {
      set({ selectedAlertId: id });
    },
  }));
}

export function exportStateOf(result: ExportResult): ExportState {
  if (result.ok) return { kind: 'saved', path: result.path, bytes: result.bytes };
  if (result.canceled) return { kind: 'canceled' };
  return { kind: 'failed', error: result.error, ...(result.fallbackPath ? { fallbackPath: result.fallbackPath } : {}) };
}

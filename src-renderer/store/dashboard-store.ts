// The dashboard's one store. Every TickBatch is applied with exactly one set().
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExportResult, SessionSnapshotState, SessionStatus } from '../../src-shared/api';
import {
  emptySeverityCounts,
  type Alert, type MonitorSettings, type SeverityCounts, type SnapshotView, type TickBatch,
} from '../../src-shared/model';
import { MAX_ALERTS, pickEvictions } from '../../src-shared/alert-bounds';
import { updateArpHistory, type ArpHistory } from './arp-history';
import { appendBounded } from './ring-buffer';

/** 300 points = 10 minutes at the default 2 s interval. */
export const SERIES_CAPACITY = 300;

export interface SeverityPoint extends SeverityCounts { time: number }

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
  snapshot?: SnapshotView;
  /** At most MAX_ALERTS, evicted in the engine's order; alerts the engine dropped are removed. */
  alerts: Readonly<Record<string, Alert>>;
  /** The engine's counts over every alert it holds. */
  severityCounts: SeverityCounts;
  /** Alerts the engine dropped this session (evicted or folded into a summary). */
  alertsDropped: number;
  warnings: readonly string[];
  collectMs: number;
  detectMs: number;
  /** Alerts created or updated per tick, by severity. */
  severitySeries: readonly SeverityPoint[];
  systemSeries: readonly SystemPoint[];
  arpHistory: ArpHistory;
  settings?: MonitorSettings;
  exportState: ExportState;
  selectedAlertId?: string;
}

export interface DashboardActions {
  applyBatch(batch: TickBatch): void;
  applyStatus(status: SessionStatus): void;
  hydrate(state: SessionSnapshotState): void;
  setPhase(phase: ConnectionPhase, error?: string): void;
  setPendingAction(action: 'start' | 'stop' | undefined, error?: string): void;
  setSettings(settings: MonitorSettings): void;
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
    alerts: {},
    severityCounts: emptySeverityCounts(),
    alertsDropped: 0,
    warnings: [],
    collectMs: 0,
    detectMs: 0,
    severitySeries: [],
    systemSeries: [],
    arpHistory: {},
    exportState: { kind: 'idle' },
  };
}

/** Data that belongs to one monitoring session and is dropped when a new one starts. */
function freshSessionData(): Pick<DashboardData, 'alerts' | 'alertsDropped' | 'severitySeries' | 'systemSeries' | 'arpHistory' | 'selectedAlertId'> {
  return { alerts: {}, alertsDropped: 0, severitySeries: [], systemSeries: [], arpHistory: {}, selectedAlertId: undefined };
}

function systemPoint(batch: TickBatch): SystemPoint {
  const { system } = batch.snapshot;
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

function severityPoint(time: number, changed: readonly Alert[]): SeverityPoint {
  const point: SeverityPoint = { time, ...emptySeverityCounts() };
  for (const alert of changed) point[alert.severity] += 1;
  return point;
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

/** Reduces one batch into the next data; pure so it is tested without a store. */
export function reduceBatch(state: DashboardData, batch: TickBatch): Partial<DashboardData> {
  const newSession = state.sessionStartedAt !== batch.startedAt;
  const base = newSession ? { ...state, ...freshSessionData() } : state;
  const hostname = batch.snapshot.hostname || state.status.hostname;
  const statusChanged =
    state.status.state !== batch.state || state.status.startedAt !== batch.startedAt || state.status.hostname !== hostname;
  return {
    ...(newSession ? { selectedAlertId: undefined } : {}),
    seq: batch.seq,
    sessionStartedAt: batch.startedAt,
    snapshot: batch.snapshot,
    alerts: withAlerts(base.alerts, batch.changedAlerts, batch.droppedAlertIds),
    severityCounts: batch.severityCounts,
    alertsDropped: batch.alertsDropped,
    warnings: batch.warnings,
    collectMs: batch.collectMs,
    detectMs: batch.detectMs,
    severitySeries: appendBounded(base.severitySeries, severityPoint(batch.time, batch.changedAlerts), SERIES_CAPACITY),
    systemSeries: appendBounded(base.systemSeries, systemPoint(batch), SERIES_CAPACITY),
    arpHistory: updateArpHistory(base.arpHistory, batch.snapshot.arp, batch.time),
    ...(statusChanged ? { status: { ...state.status, state: batch.state, startedAt: batch.startedAt, hostname } } : {}),
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
        ? { status, ...freshSessionData(), sessionStartedAt: status.startedAt, snapshot: undefined, severityCounts: emptySeverityCounts() }
        : { status }));
    },

    hydrate({ status, alerts, lastBatch }) {
      set((current) => {
        const byId: Record<string, Alert> = {};
        for (const alert of alerts) byId[alert.id] = alert;
        // Batches that arrived while getState was in flight are newer than its answer: keep them.
        if (current.seq > 0 && current.sessionStartedAt === status.startedAt && current.seq >= (lastBatch?.seq ?? 0)) {
          // The live points only cover the batches since the reload; the history before them comes from the alerts.
          const firstLive = current.severitySeries[0]?.time ?? Infinity;
          const history = seedSeverityPoints(alerts).filter((point) => point.time < firstLive);
          const severitySeries = [...history, ...current.severitySeries].slice(-SERIES_CAPACITY);
          return { phase: 'ready', alerts: withAlerts(byId, Object.values(current.alerts)), severitySeries };
        }
        const data: DashboardData = { ...initialDashboardData(), settings: current.settings, phase: 'ready', status };
        const severitySeries = seedSeverityPoints(alerts);
        if (!lastBatch) return { ...data, alerts: byId, severitySeries, sessionStartedAt: status.startedAt };
        const reduced = reduceBatch(data, { ...lastBatch, changedAlerts: [] });
        return { ...data, ...reduced, alerts: byId, severitySeries, status };
      });
    },

    setPhase(phase, error) {
      set({ phase, phaseError: error });
    },

    setPendingAction(action, error) {
      set({ pendingAction: action, actionError: error });
    },

    setSettings(settings) {
      set({ settings });
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

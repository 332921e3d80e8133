// Pure reducers from a session's batches (and getState's answer) to dashboard data; tested without a store.
import type { SessionSnapshotState } from '../../src-shared/api';
import { emptySeverityCounts, type Alert, type TickBatch } from '../../src-shared/model';
import { emptyAppUsage, foldAppUsage } from './app-usage';
import { updateArpHistory } from './arp-history';
import { applyTables, emptyTables, severityPoint, snapshotOf, withAlerts, type SeverityPoint } from './batch-reducer';
import type { DashboardData, SystemPoint } from './dashboard-data';
import { appendBounded } from './ring-buffer';

/** 300 points = 10 minutes at the default 2 s interval. */
export const SERIES_CAPACITY = 300;

/** Data that belongs to one monitoring session and is dropped when a new one starts. */
type SessionData =
  | 'alerts'
  | 'alertsDropped'
  | 'severitySeries'
  | 'systemSeries'
  | 'arpHistory'
  | 'appUsage'
  | 'selectedAlertId'
  | 'suppressFormFor'
  | 'tables'
  | 'snapshot'
  | 'truncated';

export function freshSessionData(): Pick<DashboardData, SessionData> {
  return {
    alerts: {},
    alertsDropped: 0,
    severitySeries: [],
    systemSeries: [],
    arpHistory: {},
    appUsage: emptyAppUsage(),
    selectedAlertId: undefined,
    suppressFormFor: undefined,
    tables: emptyTables(),
    snapshot: undefined,
    truncated: undefined,
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
  const statusChanged = state.status.state !== batch.state || state.status.startedAt !== batch.startedAt || state.status.hostname !== hostname;
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
    suppressionCounts: batch.suppressionCounts,
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
    ...current,
    ...freshSessionData(),
    phase: 'ready',
    status,
    sessionStartedAt: status.startedAt,
    seq: 0,
    outOfStep: false,
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

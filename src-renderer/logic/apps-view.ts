// The Apps view's rows: each application's session usage joined with what it holds now (connections,
// listening ports) and its alerts; sortable; plus the chart's series. Pure, so it is tested without a DOM.
import { SEVERITY_RANK, type Alert, type ListeningPort, type ProcessRef, type Severity, type SnapshotView } from '../../src-shared/model';
import { MAX_APPS, appKey, type AppUsage } from '../store/app-usage';

/** Listening ports shown per app; the rest are counted. */
export const MAX_PORTS_PER_APP = 16;

export interface AppRow {
  key: string;
  name: string;
  exe?: string;
  connectionsNow: number;
  remoteHosts: number;
  /** More hosts than the usage could name (bounded). */
  moreHosts: boolean;
  countries: readonly string[];
  bytesSent: number;
  bytesReceived: number;
  /** When the app first had a connection this session; undefined for an app that only listens. */
  firstSeen?: number;
  listeningPorts: readonly number[];
  alerts: number;
  worstSeverity?: Severity;
}

export type AppColumn = 'name' | 'connections' | 'hosts' | 'countries' | 'sent' | 'received' | 'firstSeen' | 'listening' | 'alerts';
export interface AppSort {
  column: AppColumn;
  descending: boolean;
}

const keyOfProcess = (process: ProcessRef | undefined): string | undefined => (process ? process.exe || process.name : undefined);

function emptyRow(key: string, process: ProcessRef | undefined): AppRow {
  return {
    key,
    name: process?.name ?? key,
    ...(process?.exe ? { exe: process.exe } : {}),
    connectionsNow: 0,
    remoteHosts: 0,
    moreHosts: false,
    countries: [],
    bytesSent: 0,
    bytesReceived: 0,
    listeningPorts: [],
    alerts: 0,
  };
}

function addListening(rows: Map<string, AppRow>, port: ListeningPort): void {
  const key = keyOfProcess(port.process);
  if (key === undefined) return;
  const row = rows.get(key) ?? (rows.size < MAX_APPS ? emptyRow(key, port.process) : undefined);
  if (!row) return;
  const ports =
    row.listeningPorts.includes(port.port) || row.listeningPorts.length >= MAX_PORTS_PER_APP ? row.listeningPorts : [...row.listeningPorts, port.port];
  rows.set(key, { ...row, listeningPorts: ports });
}

function addAlert(rows: Map<string, AppRow>, alert: Alert): void {
  const key = keyOfProcess(alert.process);
  const row = key === undefined ? undefined : rows.get(key);
  if (!row || key === undefined) return;
  const worse = !row.worstSeverity || SEVERITY_RANK[alert.severity] > SEVERITY_RANK[row.worstSeverity];
  rows.set(key, { ...row, alerts: row.alerts + 1, ...(worse ? { worstSeverity: alert.severity } : {}) });
}

/** One row per application seen this session or holding a socket now (at most MAX_APPS). */
export function buildAppRows(usage: AppUsage, snapshot: SnapshotView | undefined, alerts: readonly Alert[]): AppRow[] {
  const rows = new Map<string, AppRow>();
  for (const app of usage.apps.values()) {
    rows.set(app.key, {
      ...emptyRow(app.key, { pid: 0, name: app.name, ...(app.exe ? { exe: app.exe } : {}) }),
      remoteHosts: app.remoteHosts.length,
      moreHosts: app.moreHosts > 0,
      countries: app.countries,
      bytesSent: app.bytesSent,
      bytesReceived: app.bytesReceived,
      firstSeen: app.firstSeen,
    });
  }
  for (const connection of snapshot?.connections ?? []) {
    const key = appKey(connection);
    const row = key === undefined ? undefined : (rows.get(key) ?? (rows.size < MAX_APPS ? emptyRow(key, connection.process) : undefined));
    if (row && key !== undefined) rows.set(key, { ...row, connectionsNow: row.connectionsNow + 1 });
  }
  for (const port of snapshot?.listening ?? []) addListening(rows, port);
  for (const alert of alerts) addAlert(rows, alert);
  return [...rows.values()];
}

const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Unknown values sort last in ascending order. */
const numbers = (a: number | undefined, b: number | undefined): number => (a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a - b);

const COMPARATORS: Record<AppColumn, (a: AppRow, b: AppRow) => number> = {
  name: (a, b) => text(a.name.toLowerCase(), b.name.toLowerCase()) || text(a.key, b.key),
  connections: (a, b) => a.connectionsNow - b.connectionsNow,
  hosts: (a, b) => a.remoteHosts - b.remoteHosts,
  countries: (a, b) => a.countries.length - b.countries.length,
  sent: (a, b) => a.bytesSent - b.bytesSent,
  received: (a, b) => a.bytesReceived - b.bytesReceived,
  firstSeen: (a, b) => numbers(a.firstSeen, b.firstSeen),
  listening: (a, b) => a.listeningPorts.length - b.listeningPorts.length,
  alerts: (a, b) => numbers(a.worstSeverity && SEVERITY_RANK[a.worstSeverity], b.worstSeverity && SEVERITY_RANK[b.worstSeverity]) || a.alerts - b.alerts,
};

/** Busiest first (bytes sent + received) when no column is chosen; ties by name. */
export function sortAppRows(rows: readonly AppRow[], sort: AppSort | undefined): AppRow[] {
  if (!sort) return [...rows].sort((a, b) => b.bytesSent + b.bytesReceived - (a.bytesSent + a.bytesReceived) || COMPARATORS.name(a, b));
  const sign = sort.descending ? -1 : 1;
  const compare = COMPARATORS[sort.column];
  return [...rows].sort((a, b) => sign * compare(a, b) || COMPARATORS.name(a, b));
}

export interface AppChart {
  /** The apps drawn, busiest over the kept series first; `dataKey` names its value in each point. */
  apps: { key: string; name: string; dataKey: string }[];
  /** One point per tick: `time` and bytes per drawn app (`app0`, `app1` …: executables are no safe keys). */
  points: Record<string, number>[];
}

/** Bytes per tick of the `top` busiest apps over the kept series. */
export function appChart(usage: AppUsage, top = 5): AppChart {
  const totals = new Map<string, number>();
  for (const point of usage.series) for (const [key, bytes] of Object.entries(point.bytes)) totals.set(key, (totals.get(key) ?? 0) + bytes);
  const keys = [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key]) => key);
  const apps = keys.map((key, index) => ({ key, name: usage.apps.get(key)?.name ?? key, dataKey: `app${index}` }));
  const points = usage.series.map((point) => {
    const row: Record<string, number> = { time: point.time };
    for (const app of apps) row[app.dataKey] = point.bytes[app.key] ?? 0;
    return row;
  });
  return { apps, points };
}

// Per application (grouped by executable) over the session: when it first used the network, bytes
// sent/received from the per-connection counters (kept for closed connections too), the remote hosts
// and countries it reached, and bytes per tick for the chart. Folded from each batch's connection
// delta; every structure is bounded, since executables, addresses and counts are the host's choice.
import { restatesTable, connectionId } from '../../src-shared/batch';
import type { Connection, TableDelta } from '../../src-shared/model';

export const MAX_APPS = 256;
export const MAX_HOSTS_PER_APP = 64;
export const MAX_COUNTRIES_PER_APP = 32;
/** Ticks of per-app bytes kept for the chart (10 minutes at 2 s). */
export const USAGE_SERIES_CAPACITY = 300;
/** Apps named in each chart point: the busiest of that tick. */
export const APPS_PER_POINT = 8;

export interface AppTotals {
  key: string;
  name: string;
  exe?: string;
  firstSeen: number;
  lastActive: number;
  bytesSent: number;
  bytesReceived: number;
  remoteHosts: readonly string[];
  /** Distinct remote hosts beyond MAX_HOSTS_PER_APP. */
  moreHosts: number;
  countries: readonly string[];
}

/** Bytes each app moved during one tick (the busiest APPS_PER_POINT apps only). */
export interface UsagePoint {
  time: number;
  bytes: Readonly<Record<string, number>>;
}

interface Counters {
  key: string;
  sent: number;
  received: number;
}

export interface AppUsage {
  readonly apps: ReadonlyMap<string, AppTotals>;
  /** Last counters of each open connection, by connection id. */
  readonly open: ReadonlyMap<string, Counters>;
  readonly series: readonly UsagePoint[];
  /** Batches folded so far: the first one only sets the baseline of connections already open. */
  readonly batches: number;
}

export function emptyAppUsage(): AppUsage {
  return { apps: new Map(), open: new Map(), series: [], batches: 0 };
}

/** The executable's path when known, else the process name: what "one application" means here. */
export function appKey(connection: Connection): string | undefined {
  const process = connection.process;
  if (!process) return undefined;
  return process.exe || process.name;
}

const isRemoteHost = (address: string): boolean => address !== '' && address !== '0.0.0.0' && address !== '::' && address !== '*';

function withBounded(list: readonly string[], value: string | undefined, cap: number): { list: readonly string[]; overflow: boolean } {
  if (value === undefined || list.includes(value)) return { list, overflow: false };
  if (list.length >= cap) return { list, overflow: true };
  return { list: [...list, value], overflow: false };
}

/** Room for a new app: the one idle longest goes. */
function evictIdlest(apps: Map<string, AppTotals>): void {
  let idlest: AppTotals | undefined;
  for (const app of apps.values()) if (!idlest || app.lastActive < idlest.lastActive) idlest = app;
  if (idlest) apps.delete(idlest.key);
}

function touchApp(apps: Map<string, AppTotals>, connection: Connection, key: string, time: number, sent: number, received: number): void {
  let app = apps.get(key);
  if (!app) {
    if (apps.size >= MAX_APPS) evictIdlest(apps);
    const process = connection.process;
    app = {
      key,
      name: process?.name ?? key,
      ...(process?.exe ? { exe: process.exe } : {}),
      firstSeen: time,
      lastActive: time,
      bytesSent: 0,
      bytesReceived: 0,
      remoteHosts: [],
      moreHosts: 0,
      countries: [],
    };
  }
  const hosts = isRemoteHost(connection.remoteAddress)
    ? withBounded(app.remoteHosts, connection.remoteAddress, MAX_HOSTS_PER_APP)
    : { list: app.remoteHosts, overflow: false };
  const countries = withBounded(app.countries, connection.remoteGeo?.country, MAX_COUNTRIES_PER_APP);
  apps.set(key, {
    ...app,
    lastActive: sent + received > 0 ? time : app.lastActive,
    bytesSent: app.bytesSent + sent,
    bytesReceived: app.bytesReceived + received,
    remoteHosts: hosts.list,
    moreHosts: app.moreHosts + (hosts.overflow ? 1 : 0),
    countries: countries.list,
  });
}

function busiest(tickBytes: Map<string, number>): Record<string, number> {
  const top = [...tickBytes]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, APPS_PER_POINT);
  return Object.fromEntries(top);
}

/** The usage after one batch's connection delta; `time` is the batch's. */
export function foldAppUsage(usage: AppUsage, delta: TableDelta<Connection>, time: number): AppUsage {
  const baseline = usage.batches === 0;
  const apps = new Map(usage.apps);
  const open = new Map(usage.open);
  const tickBytes = new Map<string, number>();
  const restated = restatesTable(delta) ? new Set<string>() : undefined;
  for (const connection of delta.changed) {
    const key = appKey(connection);
    const id = connectionId(connection);
    restated?.add(id);
    if (key === undefined) continue;
    const sent = connection.bytesSent ?? 0;
    const received = connection.bytesReceived ?? 0;
    const before = open.get(id);
    // Counters only grow; a smaller value is a new socket reusing the id: count it from zero.
    const from = baseline ? { sent, received } : before && before.sent <= sent && before.received <= received ? before : { sent: 0, received: 0 };
    const dSent = sent - from.sent;
    const dReceived = received - from.received;
    open.set(id, { key, sent, received });
    touchApp(apps, connection, key, time, dSent, dReceived);
    tickBytes.set(key, (tickBytes.get(key) ?? 0) + dSent + dReceived);
  }
  // Closed connections keep what they counted (it is already in the totals); only their entry goes.
  const closed = restated ? [...open.keys()].filter((id) => !restated.has(id)) : delta.removed;
  for (const id of closed) open.delete(id);
  const point: UsagePoint = { time, bytes: busiest(tickBytes) };
  const series = [...usage.series.slice(-(USAGE_SERIES_CAPACITY - 1)), point];
  return { apps, open, series, batches: usage.batches + 1 };
}

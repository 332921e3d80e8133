// Sorting and filtering of the connections table: pure, so 10,000 rows can be tested without a DOM.
import { connectionService, geoLabel } from './endpoint';
import type { Connection } from './model';

export type ConnectionColumn = 'process' | 'pid' | 'protocol' | 'local' | 'remote' | 'service' | 'geo' | 'state' | 'direction' | 'bytesSent' | 'bytesReceived';

export interface ConnectionSort {
  column: ConnectionColumn;
  descending: boolean;
}

export interface ConnectionFilter {
  /** Case-insensitive substring of process name, pid, addresses, ports, state, service, country or AS. */
  text: string;
  /** '' = any state. */
  state: string;
  /** '' = any process; '?' = unknown owner. */
  process: string;
}

export const NO_FILTER: ConnectionFilter = { text: '', state: '', process: '' };
export const UNKNOWN_PROCESS = '?';

function compareNumbers(a: number | undefined, b: number | undefined): number {
  // Unknown values sort last in ascending order.
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEndpoints(aAddress: string, aPort: number, bAddress: string, bPort: number): number {
  return compareText(aAddress, bAddress) || aPort - bPort;
}

const COMPARATORS: Record<ConnectionColumn, (a: Connection, b: Connection) => number> = {
  process: (a, b) => compareText(a.process?.name ?? '\uffff', b.process?.name ?? '\uffff'),
  pid: (a, b) => compareNumbers(a.process?.pid, b.process?.pid),
  protocol: (a, b) => compareText(a.protocol, b.protocol) || a.family - b.family,
  local: (a, b) => compareEndpoints(a.localAddress, a.localPort, b.localAddress, b.localPort),
  remote: (a, b) => compareEndpoints(a.remoteAddress, a.remotePort, b.remoteAddress, b.remotePort),
  service: (a, b) => compareText(connectionService(a) ?? '\uffff', connectionService(b) ?? '\uffff'),
  geo: (a, b) => compareText(geoLabel(a.remoteGeo) ?? '\uffff', geoLabel(b.remoteGeo) ?? '\uffff'),
  state: (a, b) => compareText(a.state, b.state),
  direction: (a, b) => compareText(a.direction, b.direction),
  bytesSent: (a, b) => compareNumbers(a.bytesSent, b.bytesSent),
  bytesReceived: (a, b) => compareNumbers(a.bytesReceived, b.bytesReceived),
};

/** Whether a lower-cased needle is in the process name, pid, endpoints or state (the filter box's test). */
export function matchesText(connection: Connection, needle: string): boolean {
  const { process } = connection;
  return (
    (process !== undefined && (process.name.toLowerCase().includes(needle) || String(process.pid) === needle)) ||
    `${connection.localAddress}:${connection.localPort}`.toLowerCase().includes(needle) ||
    `${connection.remoteAddress}:${connection.remotePort}`.toLowerCase().includes(needle) ||
    connection.state.toLowerCase().includes(needle) ||
    (connectionService(connection)?.toLowerCase().includes(needle) ?? false) ||
    (geoLabel(connection.remoteGeo)?.toLowerCase().includes(needle) ?? false)
  );
}

export function filterConnections(connections: readonly Connection[], filter: ConnectionFilter): readonly Connection[] {
  const needle = filter.text.trim().toLowerCase();
  if (!needle && !filter.state && !filter.process) return connections;
  return connections.filter((connection) => {
    if (filter.state && connection.state !== filter.state) return false;
    if (filter.process) {
      const name = connection.process?.name ?? UNKNOWN_PROCESS;
      if (name !== filter.process) return false;
    }
    return !needle || matchesText(connection, needle);
  });
}

/** Stable sort; returns the input unchanged when no column is chosen. */
export function sortConnections(connections: readonly Connection[], sort: ConnectionSort | undefined): readonly Connection[] {
  if (!sort) return connections;
  const compare = COMPARATORS[sort.column];
  const sign = sort.descending ? -1 : 1;
  return connections
    .map((connection, index) => ({ connection, index }))
    .sort((a, b) => sign * compare(a.connection, b.connection) || a.index - b.index)
    .map((entry) => entry.connection);
}

/** Clicking a header: first ascending, then descending, then back to ascending. */
export function nextSort(current: ConnectionSort | undefined, column: ConnectionColumn): ConnectionSort {
  if (current?.column === column) return { column, descending: !current.descending };
  return { column, descending: false };
}

/** Distinct states and process names, for the filter drop-downs. */
export function filterChoices(connections: readonly Connection[]): { states: string[]; processes: string[] } {
  const states = new Set<string>();
  const processes = new Set<string>();
  for (const connection of connections) {
    states.add(connection.state);
    processes.add(connection.process?.name ?? UNKNOWN_PROCESS);
  }
  return { states: [...states].sort(), processes: [...processes].sort() };
}

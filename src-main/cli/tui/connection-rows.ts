// The connections panel: rows ranked by how interesting they are to a responder. Every connection
// is scored each tick (a few look-ups, no allocation); only the rows a frame shows are built.
import type { Alert, Connection } from '../../../src-shared/model';
import { serviceName } from '../../../src-shared/endpoint';
import { adminServiceName, knownBadConnectionReason } from '../../../src-shared/ports';
import { RankedRows } from './ranked-rows';

export interface ConnectionRow {
  connection: Connection;
  /** The remote end is outside HOME_NET. */
  external: boolean;
  /** Why the remote (else local) port is known bad, when it is. */
  knownBad?: string;
  /** A live alert names this connection's process or remote address. */
  alerted: boolean;
  score: number;
}

const CLOSING_STATES = new Set(['TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSING']);

// The score is the sum of these marks, so a score also says which marks a row has.
const KNOWN_BAD = 8;
const ALERTED = 4;
const EXTERNAL = 2;
const ALIVE = 1;

/** Higher is more interesting: known-bad port, named by an alert, external, alive. */
export function interestScore(row: Omit<ConnectionRow, 'score'>): number {
  return (row.knownBad ? KNOWN_BAD : 0) + (row.alerted ? ALERTED : 0) + (row.external ? EXTERNAL : 0) + (CLOSING_STATES.has(row.connection.state) ? 0 : ALIVE);
}

interface AlertMarks {
  pids: Set<number>;
  addresses: Set<string>;
}

function alertMarks(alerts: readonly Alert[]): AlertMarks {
  const pids = new Set<number>();
  const addresses = new Set<string>();
  for (const alert of alerts) {
    if (alert.status === 'suppressed') continue;
    if (alert.process) pids.add(alert.process.pid);
    if (alert.destination) addresses.add(alert.destination.address);
  }
  return { pids, addresses };
}

function scoreOf(connection: Connection, marks: AlertMarks, isExternal: (address: string) => boolean): number {
  const alerted = (connection.process !== undefined && marks.pids.has(connection.process.pid)) || marks.addresses.has(connection.remoteAddress);
  return (
    (knownBadConnectionReason(connection) ? KNOWN_BAD : 0) +
    (alerted ? ALERTED : 0) +
    (isExternal(connection.remoteAddress) ? EXTERNAL : 0) +
    (CLOSING_STATES.has(connection.state) ? 0 : ALIVE)
  );
}

/** Ties: process name (unowned last), then remote port, then local port, then table order. */
function compareTies(a: Connection, b: Connection): number {
  const an = a.process?.name ?? '\uffff';
  const bn = b.process?.name ?? '\uffff';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.remotePort - b.remotePort || a.localPort - b.localPort;
}

/** Rows of the previous tick, reused while their connection and marks are unchanged. */
export type ConnectionRowCache = WeakMap<Connection, ConnectionRow>;

function rowOf(connection: Connection, score: number, cache: ConnectionRowCache | undefined): ConnectionRow {
  const known = cache?.get(connection);
  if (known?.score === score) return known;
  const knownBad = score & KNOWN_BAD ? knownBadConnectionReason(connection) : undefined;
  const row = { connection, external: (score & EXTERNAL) !== 0, alerted: (score & ALERTED) !== 0, ...(knownBad ? { knownBad } : {}), score };
  cache?.set(connection, row);
  return row;
}

/** Every connection with its marks, most interesting first; rows are built as a frame reads them. */
export function connectionsByInterest(
  connections: readonly Connection[],
  alerts: readonly Alert[],
  isExternal: (address: string) => boolean,
  cache?: ConnectionRowCache,
): RankedRows<Connection, ConnectionRow> {
  const marks = alertMarks(alerts);
  const scores = new Uint8Array(connections.length);
  for (let i = 0; i < connections.length; i++) scores[i] = scoreOf(connections[i] as Connection, marks, isExternal);
  const rank = (a: number, b: number): number =>
    (scores[b] as number) - (scores[a] as number) || compareTies(connections[a] as Connection, connections[b] as Connection) || a - b;
  return new RankedRows(connections, rank, (connection, index) => rowOf(connection, scores[index] as number, cache));
}

/** The Service column: the remote-admin name for a port ("rdp"), else IANA's (shared serviceName), else ''. */
export function serviceColumnText(port: number, protocol: Connection['protocol']): string {
  return adminServiceName(port) ?? serviceName(port, protocol) ?? '';
}

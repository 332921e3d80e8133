// The connections panel: rows sorted by how interesting they are to a responder.
import type { Alert, Connection } from '../../../src-shared/model';
import { adminServiceName, ianaService, knownBadPortReason } from '../../../src-shared/ports';

export interface ConnectionRow {
  connection: Connection;
  /** The remote end is outside HOME_NET. */
  external: boolean;
  /** Why the remote port is known bad, when it is. */
  knownBad?: string;
  /** A live alert names this connection's process or remote address. */
  alerted: boolean;
  score: number;
}

const CLOSING_STATES = new Set(['TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSING']);

/** Higher is more interesting: known-bad port, named by an alert, external, alive. */
export function interestScore(row: Omit<ConnectionRow, 'score'>): number {
  return (row.knownBad ? 8 : 0) + (row.alerted ? 4 : 0) + (row.external ? 2 : 0) + (CLOSING_STATES.has(row.connection.state) ? 0 : 1);
}

function alertMarks(alerts: readonly Alert[]): { pids: Set<number>; addresses: Set<string> } {
  const pids = new Set<number>();
  const addresses = new Set<string>();
  for (const alert of alerts) {
    if (alert.status === 'suppressed') continue;
    if (alert.process) pids.add(alert.process.pid);
    if (alert.destination) addresses.add(alert.destination.address);
  }
  return { pids, addresses };
}

function compareRows(a: ConnectionRow, b: ConnectionRow): number {
  if (a.score !== b.score) return b.score - a.score;
  const an = a.connection.process?.name ?? '\uffff';
  const bn = b.connection.process?.name ?? '\uffff';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.connection.remotePort - b.connection.remotePort || a.connection.localPort - b.connection.localPort;
}

/** Every connection with its marks, most interesting first (ties: process name, then ports). */
export function connectionsByInterest(connections: readonly Connection[], alerts: readonly Alert[], isExternal: (address: string) => boolean): ConnectionRow[] {
  const marks = alertMarks(alerts);
  const rows = connections.map((connection) => {
    const knownBad = knownBadPortReason(connection.remotePort);
    const alerted = (connection.process !== undefined && marks.pids.has(connection.process.pid)) || marks.addresses.has(connection.remoteAddress);
    const base = { connection, external: isExternal(connection.remoteAddress), alerted, ...(knownBad ? { knownBad } : {}) };
    return { ...base, score: interestScore(base) };
  });
  return rows.sort(compareRows);
}

/** A short service name for a port: the remote-admin name, else IANA's, else ''. */
export function serviceName(port: number, protocol: Connection['protocol']): string {
  return adminServiceName(port) ?? ianaService(port, protocol)?.name ?? '';
}

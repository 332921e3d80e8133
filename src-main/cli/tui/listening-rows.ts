// The listening-ports panel: risky ports first, each with the catalogue's reason; rows are built as
// a frame reads them (a host can hold thousands of listeners).
import type { ListeningPort } from '../../../src-shared/model';
import { isUnspecified } from '../../../src-shared/net';
import { riskyListenerReason } from '../../../src-shared/ports';
import { RankedRows } from './ranked-rows';

export interface ListeningRow {
  port: ListeningPort;
  /** Why this port is risky (known bad, or risky to expose), from src-shared/ports. */
  risky?: string;
  /** Bound to every interface, so reachable from the network. */
  wildcard: boolean;
}

const RISKY = 2;
const WILDCARD = 1;

/** Risky first, then bound to every interface, then by port number. */
export function listeningRows(listening: readonly ListeningPort[]): RankedRows<ListeningPort, ListeningRow> {
  const marks = new Uint8Array(listening.length);
  listening.forEach((port, i) => {
    marks[i] = (riskyListenerReason(port.port) ? RISKY : 0) + (isUnspecified(port.address) ? WILDCARD : 0);
  });
  const rank = (a: number, b: number): number =>
    (marks[b] as number) - (marks[a] as number) || (listening[a] as ListeningPort).port - (listening[b] as ListeningPort).port || a - b;
  return new RankedRows(listening, rank, (port, i) => {
    const risky = (marks[i] as number) & RISKY ? riskyListenerReason(port.port) : undefined;
    return { port, wildcard: ((marks[i] as number) & WILDCARD) !== 0, ...(risky ? { risky } : {}) };
  });
}

// The listening-ports panel: risky ports first, each with the catalogue's reason.
import type { ListeningPort } from '../../../src-shared/model';
import { isUnspecified } from '../../../src-shared/net';
import { riskyListenerReason } from '../../../src-shared/ports';

export interface ListeningRow {
  port: ListeningPort;
  /** Why this port is risky (known bad, or risky to expose), from src-shared/ports. */
  risky?: string;
  /** Bound to every interface, so reachable from the network. */
  wildcard: boolean;
}

export function listeningRows(listening: readonly ListeningPort[]): ListeningRow[] {
  return listening
    .map((port) => {
      const risky = riskyListenerReason(port.port);
      return { port, wildcard: isUnspecified(port.address), ...(risky ? { risky } : {}) };
    })
    .sort((a, b) => Number(!a.risky) - Number(!b.risky) || Number(!a.wildcard) - Number(!b.wildcard) || a.port.port - b.port.port);
}

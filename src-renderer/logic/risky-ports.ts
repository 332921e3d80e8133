// Ports worth a second look in the tables. Display only: detection lives in main; the port
// knowledge itself lives in the shared catalogue.
import { riskyListenerReason } from '../../src-shared/ports';

/** Why a port is risky (known bad, or risky to expose), or undefined. */
export function riskyPortReason(port: number): string | undefined {
  return riskyListenerReason(port);
}

/** A listener bound to every interface is reachable from the network, not just this host. */
export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '*';
}

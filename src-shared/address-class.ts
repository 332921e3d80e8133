// Internal vs external for display, decided by the same HOME_NET as main's rules (src-shared/net).
import type { InterfaceAddress, SnapshotView } from './model';
import { HomeNet, parseIp } from './net';

export type AddressClassifier = (address: string) => boolean;

/**
 * The host's own addresses. Uses snapshot.localAddresses (with their subnets) when main sends them;
 * otherwise the local ends of its sockets, as single hosts, so the host's own public address is internal.
 */
export function hostAddresses(snapshot: Pick<SnapshotView, 'connections' | 'listening' | 'localAddresses'>): InterfaceAddress[] {
  if (snapshot.localAddresses?.length) return snapshot.localAddresses;
  const seen = new Set<string>();
  for (const connection of snapshot.connections) seen.add(connection.localAddress);
  for (const port of snapshot.listening) seen.add(port.address);
  const addresses: InterfaceAddress[] = [];
  for (const address of seen) {
    const parsed = parseIp(address);
    if (!parsed || (parsed.family === 4 ? parsed.value === 0 : parsed.value === 0n)) continue;
    addresses.push({ iface: '', address, prefixLength: parsed.family === 4 ? 32 : 128, family: parsed.family });
  }
  return addresses;
}

/** `isExternal(address)`: a unicast address outside HOME_NET (private, loopback, link-local, ULA, user CIDRs, host subnets). */
export function externalAddressClassifier(homeNet: readonly string[] = [], localAddresses: readonly InterfaceAddress[] = []): AddressClassifier {
  const net = new HomeNet(homeNet, localAddresses);
  return (address) => net.isExternal(address);
}

/** A stable key for `hostAddresses`, so the classifier is rebuilt only when the host's addresses change. */
export function addressesKey(addresses: readonly InterfaceAddress[]): string {
  return addresses
    .map((a) => `${a.address}/${a.prefixLength}`)
    .sort()
    .join(',');
}

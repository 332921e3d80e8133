// Adds what the offline data knows to a snapshot (remote country/AS, MAC vendors) and to alert
// endpoints. Only external addresses are looked up; an empty answer adds nothing.
import type { ArpEntry, Connection, Endpoint, HostSnapshot, IpGeo } from '../../src-shared/model';
import { classifyAddress } from '../../src-shared/net';
import type { Enricher } from './enricher';

function geoOf(enricher: Enricher, address: string): IpGeo | undefined {
  if (classifyAddress(address) !== 'public') return undefined;
  const geo = enricher.ip(address);
  return geo && (geo.country || geo.asn !== undefined) ? geo : undefined;
}

function withGeo(enricher: Enricher, connection: Connection): Connection {
  const geo = geoOf(enricher, connection.remoteAddress);
  return geo ? { ...connection, remoteGeo: geo } : connection;
}

function withVendor(enricher: Enricher, entry: ArpEntry): ArpEntry {
  const { vendor, locallyAdministered } = enricher.mac(entry.mac);
  return { ...entry, ...(vendor ? { vendor } : {}), ...(locallyAdministered ? { localMac: true } : {}) };
}

interface LastEnriched {
  version: number;
  connectionsIn: readonly Connection[];
  arpIn: readonly ArpEntry[];
  connections: Connection[];
  arp: ArpEntry[];
}

const lastEnriched = new WeakMap<Enricher, LastEnriched>();

/**
 * The snapshot with remote country/AS and MAC vendors. A quiet tick (collect/linux/quiet-ticks.ts)
 * hands over the same read-only arrays again: while the data sets are unchanged, the same enriched
 * arrays are given back, so the rules can tell nothing changed.
 */
export function enrichSnapshot(snapshot: HostSnapshot, enricher: Enricher): HostSnapshot {
  const version = enricher.dataVersion;
  const last = lastEnriched.get(enricher);
  const same = last !== undefined && last.version === version;
  const connections = same && last.connectionsIn === snapshot.connections ? last.connections : snapshot.connections.map((c) => withGeo(enricher, c));
  const arp = same && last.arpIn === snapshot.arp ? last.arp : snapshot.arp.map((entry) => withVendor(enricher, entry));
  lastEnriched.set(enricher, { version, connectionsIn: snapshot.connections, arpIn: snapshot.arp, connections, arp });
  return { ...snapshot, connections, arp };
}

export function enrichEndpoint(enricher: Enricher, endpoint: Endpoint): Endpoint {
  const geo = geoOf(enricher, endpoint.address);
  return geo ? { ...endpoint, geo } : endpoint;
}

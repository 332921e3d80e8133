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

export function enrichSnapshot(snapshot: HostSnapshot, enricher: Enricher): HostSnapshot {
  return {
    ...snapshot,
    connections: snapshot.connections.map((c) => withGeo(enricher, c)),
    arp: snapshot.arp.map((entry) => withVendor(enricher, entry)),
  };
}

export function enrichEndpoint(enricher: Enricher, endpoint: Endpoint): Endpoint {
  const geo = geoOf(enricher, endpoint.address);
  return geo ? { ...endpoint, geo } : endpoint;
}

// How an address and port are written for people and text formats, everywhere: the endpoint, the
// service behind its port, and what the offline data says about the address.
import type { Connection, IpGeo } from './model';
import { ianaService, type PortProtocol } from './ports';

export { formatEndpoint, endpointLabel } from './net/endpoint-text';

/** IANA's service name on a port ("https"), or undefined. */
export function serviceName(port: number | undefined, protocol: PortProtocol = 'tcp'): string | undefined {
  return port === undefined ? undefined : ianaService(port, protocol)?.name;
}

/**
 * The service a connection is for: the port this host serves when inbound, the one it reaches when
 * outbound, else (local, unknown) the lower port, as servers sit below clients' ephemeral ports.
 */
export function connectionService(connection: Pick<Connection, 'direction' | 'localPort' | 'remotePort' | 'protocol'>): string | undefined {
  const { direction, localPort, remotePort, protocol } = connection;
  if (direction === 'inbound') return serviceName(localPort, protocol);
  if (direction === 'outbound') return serviceName(remotePort, protocol);
  const [low, high] = localPort <= remotePort ? [localPort, remotePort] : [remotePort, localPort];
  return serviceName(low, protocol) ?? serviceName(high, protocol);
}

/** "AS15169 Google LLC", or undefined when the AS is unknown. */
export function asLabel(geo: IpGeo | undefined): string | undefined {
  if (geo?.asn === undefined) return undefined;
  return geo.asOrg ? `AS${geo.asn} ${geo.asOrg}` : `AS${geo.asn}`;
}

/** "US · AS15169 Google LLC", "US", or undefined. */
export function geoLabel(geo: IpGeo | undefined): string | undefined {
  const parts = [geo?.country, asLabel(geo)].filter((part): part is string => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

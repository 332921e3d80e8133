// Default gateway: /proc/net/route (Linux, no process spawned) or `ip route show default`.
import type { ArpEntry, Gateway } from '../../src-shared/model';
import { normalizeIp } from '../../src-shared/net';
import { decodeProcNetAddress } from './address';

const RTF_GATEWAY = 0x2;
const RTF_UP = 0x1;

/** The default route with the lowest metric; undefined when there is none. */
export function parseProcNetRoute(text: string): Gateway | undefined {
  let best: { gateway: Gateway; metric: number } | undefined;
  for (const line of text.split('\n').slice(1)) {
    const [iface, destination, gatewayHex, flagsHex, , , metricText, mask] = line.trim().split(/\s+/);
    if (!iface || destination !== '00000000' || mask !== '00000000' || !gatewayHex) continue;
    const flags = parseInt(flagsHex ?? '', 16);
    if (!(flags & RTF_UP) || !(flags & RTF_GATEWAY)) continue;
    const ip = decodeProcNetAddress(gatewayHex, 0, gatewayHex.length);
    const metric = Number(metricText ?? 0);
    if (ip && (!best || metric < best.metric)) best = { gateway: { ip, iface }, metric };
  }
  return best?.gateway;
}

/**
 * `default via 192.0.2.1 dev eth0 proto dhcp metric 100` (first line wins: ip sorts by metric);
 * `via inet6 fe80::1` names the next hop's family first. A next hop that is not an address is skipped.
 */
export function parseIpRouteDefault(text: string): Gateway | undefined {
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    if (tokens[0] !== 'default') continue;
    const via = tokens.indexOf('via');
    const dev = tokens.indexOf('dev');
    const family = tokens[via + 1] === 'inet' || tokens[via + 1] === 'inet6' ? 1 : 0;
    const ip = via >= 0 ? normalizeIp(tokens[via + 1 + family] ?? '') : null;
    if (ip) return { ip, iface: dev >= 0 ? (tokens[dev + 1] ?? '') : '' };
  }
  return undefined;
}

export function withGatewayMac(gateway: Gateway | undefined, neighbours: readonly ArpEntry[]): Gateway | undefined {
  if (!gateway) return undefined;
  const entry = neighbours.find((n) => n.ip === gateway.ip && (!gateway.iface || !n.iface || n.iface === gateway.iface));
  return entry ? { ...gateway, mac: entry.mac } : gateway;
}

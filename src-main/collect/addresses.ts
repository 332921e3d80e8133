// This host's interface addresses with their prefix length.
import type { NetworkInterfaceInfo } from 'node:os';
import type { InterfaceAddress } from '../../src-shared/model';
import { normalizeIp } from '../../src-shared/net';

/** From os.networkInterfaces(): one getifaddrs() call, no process spawned, same on every platform. */
export function interfaceAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): InterfaceAddress[] {
  const result: InterfaceAddress[] = [];
  for (const [iface, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      const prefix = info.cidr ? Number(info.cidr.slice(info.cidr.lastIndexOf('/') + 1)) : Number.NaN;
      const address = normalizeIp(info.address);
      if (!Number.isInteger(prefix) || !address) continue;
      result.push({ iface, address, prefixLength: prefix, family: info.family === 'IPv4' ? 4 : 6 });
    }
  }
  return result;
}

/** `ip -o addr` lines: `4: eth0    inet 192.0.2.2/24 brd … scope global eth0\ …`. */
export function parseIpAddr(text: string): InterfaceAddress[] {
  const result: InterfaceAddress[] = [];
  for (const line of text.split('\n')) {
    const match = /^\d+:\s+(\S+)\s+(inet6?)\s+([^\s/]+)\/(\d+)/.exec(line);
    if (!match) continue;
    const [, iface = '', kind, text = '', prefix] = match;
    const address = normalizeIp(text);
    if (address) result.push({ iface, address, prefixLength: Number(prefix), family: kind === 'inet' ? 4 : 6 });
  }
  return result;
}

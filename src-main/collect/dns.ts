// The DNS resolvers this host is configured to use.
import { normalizeIp } from '../../src-shared/net';

export const SYSTEMD_RESOLVED_STUB = '127.0.0.53';
export const SYSTEMD_RESOLVED_UPSTREAM = '/run/systemd/resolve/resolv.conf';

/** `nameserver` lines of resolv.conf, in order, without duplicates (zones such as %eth0 dropped); anything but an address is skipped. */
export function parseResolvConf(text: string): string[] {
  const servers: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!match?.[1]) continue;
    const server = normalizeIp(match[1]);
    if (server && !servers.includes(server)) servers.push(server);
  }
  return servers;
}

/** systemd-resolved's stub (127.0.0.53) forwards elsewhere: the real upstreams are in its own file. */
export function usesResolvedStub(servers: readonly string[]): boolean {
  return servers.includes(SYSTEMD_RESOLVED_STUB) || servers.includes('127.0.0.54');
}

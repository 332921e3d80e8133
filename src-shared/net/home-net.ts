// HOME_NET: the one place that decides whether an address is internal or external. Pure.
import { rememberBounded } from '../bounded-map';
import type { InterfaceAddress } from '../model';
import { parseCidr, subnetOf, type Cidr } from './cidr';
import { LOOPBACK, classifyAddress, inAny } from './classify';
import { formatIPv4, formatIPv6, normalizeIp, parseIp } from './ip';

/** The ranges that are always internal: RFC 1918, loopback, link-local, IPv6 ULA. */
export const BUILTIN_HOME_NET: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '::1/128',
  'fe80::/10',
  'fc00::/7',
];

const CACHE_LIMIT = 65_536;
const INTERNAL = 1;
const EXTERNAL = 2;
const LOCAL_HOST = 4;

/**
 * Shortest HOME_NET prefix accepted. A shorter one (0.0.0.0/0, ::/0, 0.0.0.0/1 …) makes most or all
 * of the Internet "internal", which silences every rule that looks for external peers.
 */
export const HOME_NET_MIN_PREFIX = 8;

/** Why `text` cannot be a user HOME_NET entry (a message for the user), or undefined when it can. */
export function homeNetEntryProblem(text: string): string | undefined {
  const trimmed = text.trim();
  const cidr = trimmed.includes('/') ? parseCidr(trimmed) : null;
  if (!cidr) return `"${trimmed.slice(0, 60)}" is not a CIDR (e.g. 10.20.0.0/16)`;
  if (cidr.prefixLength < HOME_NET_MIN_PREFIX) {
    return (
      `"${trimmed}" is refused: a prefix shorter than /${HOME_NET_MIN_PREFIX} would count most or all of the Internet as internal ` +
      'and silence the rules that look for external peers; list your own networks instead (e.g. 10.0.0.0/8)'
    );
  }
  return undefined;
}

/**
 * HOME_NET: built-in private ranges + user CIDRs + this host's own interface subnets.
 * Internal = inside HOME_NET. External = a public unicast address outside it (multicast,
 * broadcast and unspecified addresses are neither). Answers are cached per address text.
 */
export class HomeNet {
  private readonly fixed: Cidr[] = [];
  private local: Cidr[] = [];
  private localKey: string | null = null;
  private readonly localHosts = new Set<string>();
  private readonly cache = new Map<string, number>();
  /** User CIDRs that did not parse (shown to the user, otherwise ignored). */
  readonly invalid: string[] = [];
  /** User CIDRs refused as too broad (prefix shorter than HOME_NET_MIN_PREFIX), with the reason for the user. */
  readonly refused: string[] = [];

  constructor(userCidrs: readonly string[] = [], localAddresses: readonly InterfaceAddress[] = []) {
    for (const text of BUILTIN_HOME_NET) this.fixed.push(parseCidr(text) as Cidr);
    for (const text of userCidrs) {
      const cidr = parseCidr(text);
      if (!cidr) this.invalid.push(text);
      else if (cidr.prefixLength < HOME_NET_MIN_PREFIX) this.refused.push(homeNetEntryProblem(text) ?? text);
      else this.fixed.push(cidr);
    }
    this.setLocalAddresses(localAddresses);
  }

  /** Replaces the host's interface subnets; cheap when they did not change. */
  setLocalAddresses(addresses: readonly InterfaceAddress[]): void {
    const key = addresses.map((a) => `${a.address}/${a.prefixLength}`).join(',');
    if (key === this.localKey) return;
    this.localKey = key;
    this.local = [];
    this.localHosts.clear();
    for (const a of addresses) {
      const normal = normalizeIp(a.address);
      if (normal) this.localHosts.add(normal);
      const subnet = subnetOf(a.address, a.prefixLength);
      // A /0 "subnet" would make the whole Internet internal.
      if (subnet && subnet.prefixLength > 0) this.local.push(subnet);
    }
    this.cache.clear();
  }

  /** Every range in HOME_NET, built-in first. */
  cidrs(): string[] {
    return [...new Set([...this.fixed, ...this.local].map((c) => c.text))];
  }

  private flags(ip: string): number {
    const cached = this.cache.get(ip);
    if (cached !== undefined) return cached;
    let flags = 0;
    const addr = parseIp(ip);
    if (addr) {
      if (inAny(this.fixed, addr) || inAny(this.local, addr)) flags |= INTERNAL;
      else if (classifyAddress(ip) === 'public') flags |= EXTERNAL;
      const normal = addr.family === 4 ? formatIPv4(addr.value) : formatIPv6(addr.value);
      if (this.localHosts.has(normal) || inAny(LOOPBACK, addr)) flags |= LOCAL_HOST;
    }
    rememberBounded(this.cache, ip, flags, CACHE_LIMIT);
    return flags;
  }

  /** True for an address configured on this host (or loopback). */
  isLocalHost(ip: string): boolean {
    return (this.flags(ip) & LOCAL_HOST) !== 0;
  }

  isInternal(ip: string): boolean {
    return (this.flags(ip) & INTERNAL) !== 0;
  }

  isExternal(ip: string): boolean {
    return (this.flags(ip) & EXTERNAL) !== 0;
  }
}

// IP address parsing and classification, and HOME_NET: the one place that decides
// whether an address is internal or external. Pure: no Node, DOM or Electron imports.
import { setBounded } from './bounded-map';
import type { AddressFamily, InterfaceAddress } from './model';

export type ParsedAddress =
  | { family: 4; value: number }
  | { family: 6; value: bigint };

export interface Cidr {
  family: AddressFamily;
  /** Network address with host bits cleared. */
  network: number | bigint;
  prefixLength: number;
  /** Canonical text, e.g. `10.0.0.0/8` or `fe80::/10`. */
  text: string;
}

export type AddressClass =
  | 'unspecified' | 'loopback' | 'link-local' | 'private' | 'unique-local'
  | 'multicast' | 'broadcast' | 'public' | 'invalid';

const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const MASK128 = (1n << 128n) - 1n;

export function parseIPv4(text: string): number | null {
  // Hand-rolled: this runs for every distinct address of every tick's first sighting.
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 46; // a virtual trailing '.'
    if (code === 46) {
      if (digits === 0 || parts === 4) return null;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      if (digits > 0 && part === 0) return null; // leading zero ("01")
      part = part * 10 + (code - 48);
      if (part > 255) return null;
      digits++;
    } else {
      return null;
    }
  }
  return parts === 4 ? value : null;
}

/** Parses IPv6 text (with optional `[…]`, zone id and embedded IPv4) to a 128-bit integer. */
export function parseIPv6(text: string): bigint | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;

  let tailGroups: number[] = [];
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    if (v4 === null) return null;
    tailGroups = [Math.floor(v4 / 65536), v4 % 65536];
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }

  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!IPV6_GROUP.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length + tailGroups.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tailGroups];
  } else {
    groups = [...head, ...tailGroups];
    if (groups.length !== 8) return null;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/**
 * IPv6 parses remembered: collectors and rules test the same socket addresses every tick, and an
 * IPv6 parse costs microseconds (IPv4 parses are cheaper than a look-up and are not kept).
 */
const IPV6_PARSE_CACHE_MAX = 8192;
const ipv6Parses = new Map<string, ParsedAddress | null>();

function parseNonIPv4(text: string): ParsedAddress | null {
  const v6 = parseIPv6(text);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: Number(v6 & 0xffffffffn) };
  return { family: 6, value: v6 };
}

/** Parses any IP text; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) comes back as IPv4. Do not mutate the result. */
export function parseIp(text: string): ParsedAddress | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const trimmed = text.trim();
  const v4 = parseIPv4(trimmed);
  if (v4 !== null) return { family: 4, value: v4 };
  const known = ipv6Parses.get(trimmed);
  if (known !== undefined) return known;
  const parsed = parseNonIPv4(trimmed);
  setBounded(ipv6Parses, trimmed, parsed, IPV6_PARSE_CACHE_MAX);
  return parsed;
}

export function isIp(text: string): boolean {
  return parseIp(text) !== null;
}

export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** RFC 5952 text: lower case, longest zero run (of two or more groups) compressed. */
export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  return formatIPv6Groups(groups);
}

/** RFC 5952 text of eight 16-bit groups (as inet_ntop prints them, but without the IPv4-mapped form). */
export function formatIPv6Groups(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLen).join(':');
  return `${left}::${right}`;
}

/** Canonical text of an address (IPv4-mapped given as IPv4), or null when it does not parse. */
export function normalizeIp(text: string): string | null {
  const parsed = parseIp(text);
  if (!parsed) return null;
  return parsed.family === 4 ? formatIPv4(parsed.value) : formatIPv6(parsed.value);
}

function maskV4(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

function maskV6(prefixLength: number): bigint {
  return prefixLength === 0 ? 0n : (MASK128 << BigInt(128 - prefixLength)) & MASK128;
}

/** Parses `addr/len` (or a bare address, as a single-host range); host bits are cleared. */
export function parseCidr(text: string): Cidr | null {
  if (typeof text !== 'string') return null;
  const [addrText, lenText, extra] = text.trim().split('/');
  if (extra !== undefined || !addrText) return null;
  const addr = parseIp(addrText);
  if (!addr) return null;
  // An IPv4-mapped prefix such as `::ffff:10.0.0.0/104` counts its length over 128 bits.
  const max = addr.family === 4 ? 32 : 128;
  let prefixLength = max;
  if (lenText !== undefined) {
    if (!/^\d{1,3}$/.test(lenText)) return null;
    prefixLength = Number(lenText);
    if (addr.family === 4 && parseIPv4(addrText.trim()) === null) {
      if (prefixLength < 96) return null;
      prefixLength -= 96;
    }
    if (prefixLength > max) return null;
  }
  return makeCidr(addr, prefixLength);
}

function makeCidr(addr: ParsedAddress, prefixLength: number): Cidr {
  if (addr.family === 4) {
    const network = (addr.value & maskV4(prefixLength)) >>> 0;
    return { family: 4, network, prefixLength, text: `${formatIPv4(network)}/${prefixLength}` };
  }
  const network = addr.value & maskV6(prefixLength);
  return { family: 6, network, prefixLength, text: `${formatIPv6(network)}/${prefixLength}` };
}

export function cidrContains(cidr: Cidr, ip: string | ParsedAddress): boolean {
  const addr = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!addr || addr.family !== cidr.family) return false;
  if (addr.family === 4) return ((addr.value & maskV4(cidr.prefixLength)) >>> 0) === cidr.network;
  return (addr.value & maskV6(cidr.prefixLength)) === cidr.network;
}

/** The subnet an interface address lives in, e.g. (`192.168.1.7`, 24) → `192.168.1.0/24`. */
export function subnetOf(address: string, prefixLength: number): Cidr | null {
  const addr = parseIp(address);
  if (!addr) return null;
  const max = addr.family === 4 ? 32 : 128;
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > max) return null;
  return makeCidr(addr, prefixLength);
}

function ranges(list: string[]): Cidr[] {
  return list.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error(`bad built-in range ${text}`);
    return cidr;
  });
}

const LOOPBACK = ranges(['127.0.0.0/8', '::1/128']);
const LINK_LOCAL = ranges(['169.254.0.0/16', 'fe80::/10']);
const RFC1918 = ranges(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
const UNIQUE_LOCAL = ranges(['fc00::/7']);
const MULTICAST = ranges(['224.0.0.0/4', 'ff00::/8']);

function inAny(list: readonly Cidr[], addr: ParsedAddress | null): boolean {
  if (!addr) return false;
  for (const cidr of list) if (cidrContains(cidr, addr)) return true;
  return false;
}

export const isLoopback = (ip: string): boolean => inAny(LOOPBACK, parseIp(ip));
export const isLinkLocal = (ip: string): boolean => inAny(LINK_LOCAL, parseIp(ip));
/** RFC 1918 IPv4 private ranges. */
export const isPrivate = (ip: string): boolean => inAny(RFC1918, parseIp(ip));
/** IPv6 unique local addresses (fc00::/7). */
export const isUniqueLocal = (ip: string): boolean => inAny(UNIQUE_LOCAL, parseIp(ip));
export const isMulticast = (ip: string): boolean => inAny(MULTICAST, parseIp(ip));

export function isUnspecified(ip: string): boolean {
  const addr = parseIp(ip);
  return addr !== null && (addr.family === 4 ? addr.value === 0 : addr.value === 0n);
}

export function classifyAddress(ip: string): AddressClass {
  const addr = parseIp(ip);
  if (!addr) return 'invalid';
  if (addr.family === 4 ? addr.value === 0 : addr.value === 0n) return 'unspecified';
  if (addr.family === 4 && addr.value === 0xffffffff) return 'broadcast';
  if (inAny(LOOPBACK, addr)) return 'loopback';
  if (inAny(LINK_LOCAL, addr)) return 'link-local';
  if (inAny(RFC1918, addr)) return 'private';
  if (inAny(UNIQUE_LOCAL, addr)) return 'unique-local';
  if (inAny(MULTICAST, addr)) return 'multicast';
  return 'public';
}

/** The ranges that are always internal: RFC 1918, loopback, link-local, IPv6 ULA. */
export const BUILTIN_HOME_NET: readonly string[] = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16',
  '::1/128', 'fe80::/10', 'fc00::/7',
];

const CACHE_LIMIT = 65_536;
const INTERNAL = 1;
const EXTERNAL = 2;
const LOCAL_HOST = 4;

/**
 * HOME_NET: built-in private ranges + user CIDRs + this host's own interface subnets.
 * Internal = inside HOME_NET. External = a public unicast address outside it (multicast,
 * broadcast and unspecified addresses are neither). Answers are cached per address text.
 */
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
    return `"${trimmed}" is refused: a prefix shorter than /${HOME_NET_MIN_PREFIX} would count most or all of the Internet as internal `
      + 'and silence the rules that look for external peers; list your own networks instead (e.g. 10.0.0.0/8)';
  }
  return undefined;
}

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
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(ip, flags);
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

// What kind of address an IP is (loopback, private, multicast, public …), by the IANA special ranges. Pure.
import { rememberBounded } from '../bounded-map';
import { cidrContains, parseCidr, type Cidr } from './cidr';
import { parseIp, type ParsedAddress } from './ip';

export type AddressClass = 'unspecified' | 'loopback' | 'link-local' | 'private' | 'unique-local' | 'multicast' | 'broadcast' | 'public' | 'invalid';

function ranges(list: string[]): Cidr[] {
  return list.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error(`bad built-in range ${text}`);
    return cidr;
  });
}

export const LOOPBACK = ranges(['127.0.0.0/8', '::1/128']);
const LINK_LOCAL = ranges(['169.254.0.0/16', 'fe80::/10']);
const RFC1918 = ranges(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
const UNIQUE_LOCAL = ranges(['fc00::/7']);
const MULTICAST = ranges(['224.0.0.0/4', 'ff00::/8']);

/** True when the address lies in one of the ranges. */
export function inAny(list: readonly Cidr[], addr: ParsedAddress | null): boolean {
  if (!addr) return false;
  for (const cidr of list) if (cidrContains(cidr, addr)) return true;
  return false;
}

// A host's connections repeat a few addresses thousands of times (every socket of a loopback
// server), and rules ask this per connection: answers are remembered, at most MEMO_CAP at a time.
const MEMO_CAP = 1024;
const loopbackAnswers = new Map<string, boolean>();

export function isLoopback(ip: string): boolean {
  const known = loopbackAnswers.get(ip);
  if (known !== undefined) return known;
  const answer = inAny(LOOPBACK, parseIp(ip));
  rememberBounded(loopbackAnswers, ip, answer, MEMO_CAP);
  return answer;
}
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

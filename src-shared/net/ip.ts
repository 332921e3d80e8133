// IP address text: parsing (IPv4, IPv6, IPv4-mapped) and canonical formatting. Pure.
import { setBounded } from '../bounded-map';

export type ParsedAddress = { family: 4; value: number } | { family: 6; value: bigint };

const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

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
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
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

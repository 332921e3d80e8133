// /proc/net/{tcp,tcp6,udp,udp6} → sockets. Hot path at 10k sockets: one pass over the text,
// no per-line split, decoded addresses memoised (a host has few distinct addresses).
import type { AddressFamily, Protocol, SocketState } from '../../../src-shared/model';
import { decodeProcNetAddress, isIPv4, parseHexAt } from '../address';

export interface ProcNetSocket {
  protocol: Protocol;
  family: AddressFamily;
  state: SocketState;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  uid: number;
  /** 0 for sockets no file refers to any more (TIME_WAIT, orphans). */
  inode: number;
}

export interface ProcNetParse {
  sockets: ProcNetSocket[];
  /** Lines that were neither the header nor a well-formed socket entry. */
  badLines: number;
}

const TCP_STATES: readonly SocketState[] = [
  'UNKNOWN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE',
  'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV',
];
const TCP_ESTABLISHED = 1;
const TCP_CLOSE = 7;

export function socketState(protocol: Protocol, code: number): SocketState {
  if (protocol === 'udp') return code === TCP_CLOSE ? 'UNCONN' : code === TCP_ESTABLISHED ? 'ESTABLISHED' : 'UNKNOWN';
  return TCP_STATES[code] ?? 'UNKNOWN';
}

interface DecodedAddress {
  address: string;
  /** True for IPv4 and IPv4-mapped IPv6, which are shown as IPv4. */
  v4: boolean;
}

const INVALID: DecodedAddress = { address: '', v4: false };
const ADDRESS_CACHE_LIMIT = 8192;
const ipv4Cache = new Map<number, DecodedAddress>();
const ipv6Cache = new Map<string, DecodedAddress>();
// Neighbouring lines mostly repeat the same addresses: compare in place before slicing a key.
let lastV6Hex = '';
let lastV6: DecodedAddress = INVALID;

function decode(text: string, start: number, len: number): DecodedAddress {
  const address = decodeProcNetAddress(text, start, len);
  return address === undefined ? INVALID : { address, v4: isIPv4(address) };
}

function decodeAddressCached(text: string, start: number, end: number): DecodedAddress {
  const len = end - start;
  if (len === 8) {
    const key = parseHexAt(text, start, 8);
    if (key < 0) return INVALID;
    let decoded = ipv4Cache.get(key);
    if (decoded === undefined) {
      decoded = decode(text, start, 8);
      if (ipv4Cache.size >= ADDRESS_CACHE_LIMIT) ipv4Cache.clear();
      ipv4Cache.set(key, decoded);
    }
    return decoded;
  }
  if (len !== 32) return INVALID;
  if (text.startsWith(lastV6Hex, start) && lastV6Hex.length === 32) return lastV6;
  const key = text.slice(start, end);
  let decoded = ipv6Cache.get(key);
  if (decoded === undefined) {
    decoded = decode(text, start, 32);
    if (ipv6Cache.size >= ADDRESS_CACHE_LIMIT) ipv6Cache.clear();
    ipv6Cache.set(key, decoded);
  }
  lastV6Hex = key;
  lastV6 = decoded;
  return decoded;
}

function parseDecimal(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const FIELDS = 10; // sl, local, remote, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode
const starts = new Int32Array(FIELDS);
const ends = new Int32Array(FIELDS);

/** Splits text[from, to) on spaces into the shared starts/ends arrays; returns how many fields were found. */
function tokenize(text: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  while (n < FIELDS) {
    while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= to) break;
    starts[n] = i;
    while (i < to && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) i++;
    ends[n] = i;
    n++;
  }
  return n;
}

/** The address part of "HEXADDR:PORT" in field f (INVALID when malformed). */
function fieldAddress(text: string, f: number): DecodedAddress {
  const s = starts[f] ?? 0;
  const colon = (ends[f] ?? 0) - 5;
  if (colon <= s || text.charCodeAt(colon) !== 58) return INVALID;
  return decodeAddressCached(text, s, colon);
}

/** The port part of "HEXADDR:PORT" in field f, or -1. */
function fieldPort(text: string, f: number): number {
  return parseHexAt(text, (ends[f] ?? 0) - 4, 4);
}

export function parseProcNet(text: string, protocol: Protocol, sockets: ProcNetSocket[] = []): ProcNetParse {
  let badLines = 0;
  let lineStart = 0;
  const length = text.length;
  while (lineStart < length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = length;
    const n = tokenize(text, lineStart, lineEnd);
    lineStart = lineEnd + 1;
    if (n === 0) continue;
    const s0 = starts[0] ?? 0;
    if (n >= 1 && text.charCodeAt(s0) === 115 /* s */ && text.startsWith('sl', s0)) continue; // header
    if (n < FIELDS || text.charCodeAt((ends[0] ?? 0) - 1) !== 58) {
      badLines++;
      continue;
    }
    const local = fieldAddress(text, 1);
    const remote = fieldAddress(text, 2);
    const localPort = fieldPort(text, 1);
    const remotePort = fieldPort(text, 2);
    const stateCode = (ends[3] ?? 0) - (starts[3] ?? 0) === 2 ? parseHexAt(text, starts[3] ?? 0, 2) : -1;
    const uid = parseDecimal(text, starts[7] ?? 0, ends[7] ?? 0);
    const inode = parseDecimal(text, starts[9] ?? 0, ends[9] ?? 0);
    if (local === INVALID || remote === INVALID || localPort < 0 || remotePort < 0 || stateCode < 0 || uid < 0 || inode < 0) {
      badLines++;
      continue;
    }
    // A mapped IPv6 socket (::ffff:a.b.c.d) is shown as IPv4, so it counts as family 4.
    const family: AddressFamily = local.v4 ? 4 : 6;
    sockets.push({
      protocol,
      family,
      state: socketState(protocol, stateCode),
      localAddress: local.address,
      localPort,
      remoteAddress: remote.address,
      remotePort,
      uid,
      inode,
    });
  }
  return { sockets, badLines };
}

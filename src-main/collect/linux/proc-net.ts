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

const addressCache = new Map<string, string | undefined>();
const ADDRESS_CACHE_LIMIT = 8192;

function decodeAddressCached(text: string, start: number, end: number): string | undefined {
  const key = text.slice(start, end);
  let address = addressCache.get(key);
  if (address === undefined && !addressCache.has(key)) {
    address = decodeProcNetAddress(text, start, end - start);
    if (addressCache.size >= ADDRESS_CACHE_LIMIT) addressCache.clear();
    addressCache.set(key, address);
  }
  return address;
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

/** Parses "HEXADDR:PORT" in field f. */
function parseEndpoint(text: string, f: number): { address: string; port: number } | undefined {
  const s = starts[f] ?? 0;
  const e = ends[f] ?? 0;
  const colon = e - 5;
  if (colon <= s || text.charCodeAt(colon) !== 58) return undefined;
  const port = parseHexAt(text, colon + 1, 4);
  if (port < 0) return undefined;
  const address = decodeAddressCached(text, s, colon);
  return address === undefined ? undefined : { address, port };
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
    const local = parseEndpoint(text, 1);
    const remote = parseEndpoint(text, 2);
    const stateCode = (ends[3] ?? 0) - (starts[3] ?? 0) === 2 ? parseHexAt(text, starts[3] ?? 0, 2) : -1;
    const uid = parseDecimal(text, starts[7] ?? 0, ends[7] ?? 0);
    const inode = parseDecimal(text, starts[9] ?? 0, ends[9] ?? 0);
    if (!local || !remote || stateCode < 0 || uid < 0 || inode < 0) {
      badLines++;
      continue;
    }
    // A mapped IPv6 socket (::ffff:a.b.c.d) is shown as IPv4, so it counts as family 4.
    const family: AddressFamily = isIPv4Cached(local.address) ? 4 : 6;
    sockets.push({
      protocol,
      family,
      state: socketState(protocol, stateCode),
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      uid,
      inode,
    });
  }
  return { sockets, badLines };
}

const v4Cache = new Map<string, boolean>();
function isIPv4Cached(address: string): boolean {
  let v = v4Cache.get(address);
  if (v === undefined) {
    v = isIPv4(address);
    if (v4Cache.size >= ADDRESS_CACHE_LIMIT) v4Cache.clear();
    v4Cache.set(address, v);
  }
  return v;
}

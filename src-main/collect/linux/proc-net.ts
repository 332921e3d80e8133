// /proc/net/{tcp,tcp6,udp,udp6} → sockets. Hot path at 10k sockets: one pass over the text,
// no per-line split, decoded addresses memoised (a host has few distinct addresses).
import { TCP_STATES, type AddressFamily, type Connection, type Protocol, type SocketState } from '../../../src-shared/model';
import { parseIPv4 } from '../../../src-shared/net';
import { rememberBounded } from '../../../src-shared/bounded-map';
import { decodeProcNetAddress, parseHexAt } from '../address';

/**
 * Already shaped as the snapshot's Connection (direction 'unknown' until assembled), so a tick
 * allocates one object per socket, not two. `inode` is 0 for sockets no file refers to any more
 * (TIME_WAIT, orphans).
 */
export interface ProcNetSocket extends Connection {
  uid: number;
}

export interface ProcNetParse {
  sockets: ProcNetSocket[];
  /** Lines that were neither the header nor a well-formed socket entry. */
  badLines: number;
}

const TCP_ESTABLISHED = TCP_STATES.indexOf('ESTABLISHED');
const TCP_TIME_WAIT = TCP_STATES.indexOf('TIME_WAIT');
const TCP_CLOSE = TCP_STATES.indexOf('CLOSE');

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
/** Decoded addresses kept (misses only: a cache at the cap starts over, see rememberBounded). */
const ADDRESS_CACHE_LIMIT = 8192;
const ipv4Cache = new Map<number, DecodedAddress>();
const ipv6Cache = new Map<string, DecodedAddress>();
// Neighbouring lines mostly repeat the same addresses: compare in place before slicing a key.
let lastV6Hex = '';
let lastV6: DecodedAddress = INVALID;

function decode(text: string, start: number, len: number): DecodedAddress {
  const address = decodeProcNetAddress(text, start, len);
  return address === undefined ? INVALID : { address, v4: parseIPv4(address) !== null };
}

let lastV4Key = -1;
let lastV4: DecodedAddress = INVALID;

function decodeAddressCached(text: string, start: number, end: number): DecodedAddress {
  const len = end - start;
  if (len === 8) {
    const key = parseHexAt(text, start, 8);
    if (key < 0) return INVALID;
    if (key === lastV4Key) return lastV4;
    let decoded = ipv4Cache.get(key);
    if (decoded === undefined) {
      decoded = decode(text, start, 8);
      rememberBounded(ipv4Cache, key, decoded, ADDRESS_CACHE_LIMIT);
    }
    lastV4Key = key;
    lastV4 = decoded;
    return decoded;
  }
  if (len !== 32) return INVALID;
  if (text.startsWith(lastV6Hex, start) && lastV6Hex.length === 32) return lastV6;
  const key = text.slice(start, end);
  let decoded = ipv6Cache.get(key);
  if (decoded === undefined) {
    decoded = decode(text, start, 32);
    rememberBounded(ipv6Cache, key, decoded, ADDRESS_CACHE_LIMIT);
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

/** tx_queue:rx_queue, tr:tm->when and retrnsmt are printed fixed-width (%08X:%08X %02X:%08lX %08X). */
const FIXED_TIMER_FIELDS = 8 + 1 + 8 + 1 + 2 + 1 + 8 + 1 + 8;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Splits text[from, to) on blanks into the shared starts/ends arrays; returns how many fields were found. */
function tokenize(text: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  while (n < FIELDS) {
    while (i < to && isBlank(text.charCodeAt(i))) i++;
    if (i >= to) break;
    // Jump over the three fixed-width fields when they are where the kernel puts them.
    if (
      n === 4 &&
      i + FIXED_TIMER_FIELDS < to &&
      text.charCodeAt(i + 17) === 32 &&
      text.charCodeAt(i + 29) === 32 &&
      isBlank(text.charCodeAt(i + FIXED_TIMER_FIELDS))
    ) {
      starts[4] = i;
      ends[4] = i + 17;
      starts[5] = i + 18;
      ends[5] = i + 29;
      starts[6] = i + 30;
      ends[6] = i + FIXED_TIMER_FIELDS;
      n = 7;
      i += FIXED_TIMER_FIELDS;
      continue;
    }
    starts[n] = i;
    while (i < to && !isBlank(text.charCodeAt(i))) i++;
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

function makeSocket(
  protocol: Protocol,
  local: DecodedAddress,
  localPort: number,
  remote: DecodedAddress,
  remotePort: number,
  stateCode: number,
  uid: number,
  inode: number,
): ProcNetSocket {
  // A mapped IPv6 socket (::ffff:a.b.c.d) is shown as IPv4, so it counts as family 4.
  const family: AddressFamily = local.v4 ? 4 : 6;
  return {
    protocol,
    family,
    state: socketState(protocol, stateCode),
    localAddress: local.address,
    localPort,
    remoteAddress: remote.address,
    remotePort,
    inode,
    uid,
    direction: 'unknown',
  };
}

/** A fresh, unassembled copy (direction 'unknown', no owner, no byte counts) of a socket read earlier. */
export function copySocket(s: ProcNetSocket): ProcNetSocket {
  const copy: ProcNetSocket = {
    protocol: s.protocol,
    family: s.family,
    state: s.state,
    localAddress: s.localAddress,
    localPort: s.localPort,
    remoteAddress: s.remoteAddress,
    remotePort: s.remotePort,
    inode: s.inode,
    uid: s.uid,
    direction: 'unknown',
  };
  if (s.closedAt !== undefined) copy.closedAt = s.closedAt;
  return copy;
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** End of a run of decimal digits starting at i (i itself when there is none). */
function digitsEnd(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}

/**
 * The kernel's own layout ("%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu",
 * addresses 32 digits wide in the IPv6 files), read at fixed offsets. Undefined when the line does
 * not follow it exactly; the tokenizing path then decides.
 */
function parseKernelLayout(text: string, from: number, end: number, protocol: Protocol, readAtMs: number | undefined): ProcNetSocket | undefined {
  const i = digitsEnd(text, skipBlanks(text, from, end), end);
  if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return undefined;
  const localAt = i + 2;
  const width = text.charCodeAt(localAt + 8) === 58 ? 8 : text.charCodeAt(localAt + 32) === 58 ? 32 : 0;
  if (width === 0) return undefined;
  const remoteAt = localAt + width + 6;
  const stateAt = remoteAt + width + 6;
  const timersAt = stateAt + 3;
  if (
    timersAt + FIXED_TIMER_FIELDS >= end ||
    text.charCodeAt(localAt + width + 5) !== 32 ||
    text.charCodeAt(remoteAt + width) !== 58 ||
    text.charCodeAt(remoteAt + width + 5) !== 32 ||
    text.charCodeAt(stateAt + 2) !== 32 ||
    !isBlank(text.charCodeAt(timersAt + FIXED_TIMER_FIELDS))
  ) {
    return undefined;
  }
  const local = decodeAddressCached(text, localAt, localAt + width);
  const remote = decodeAddressCached(text, remoteAt, remoteAt + width);
  const localPort = parseHexAt(text, localAt + width + 1, 4);
  const remotePort = parseHexAt(text, remoteAt + width + 1, 4);
  const stateCode = parseHexAt(text, stateAt, 2);
  const uidAt = skipBlanks(text, timersAt + FIXED_TIMER_FIELDS, end);
  const uidEnd = digitsEnd(text, uidAt, end);
  let timeoutAt = skipBlanks(text, uidEnd, end);
  if (text.charCodeAt(timeoutAt) === 45) timeoutAt++; // '-'
  const inodeAt = skipBlanks(text, digitsEnd(text, timeoutAt, end), end);
  const inodeEnd = digitsEnd(text, inodeAt, end);
  if (
    local === INVALID ||
    remote === INVALID ||
    localPort < 0 ||
    remotePort < 0 ||
    stateCode < 0 ||
    uidEnd === uidAt ||
    inodeEnd === inodeAt ||
    (inodeEnd < end && !isBlank(text.charCodeAt(inodeEnd)))
  ) {
    return undefined;
  }
  const socket = makeSocket(
    protocol,
    local,
    localPort,
    remote,
    remotePort,
    stateCode,
    parseDecimal(text, uidAt, uidEnd),
    parseDecimal(text, inodeAt, inodeEnd),
  );
  if (stateCode === TCP_TIME_WAIT && protocol === 'tcp' && readAtMs !== undefined) {
    const closedAt = timeWaitClosedAt(text, timersAt, readAtMs);
    if (closedAt !== undefined) socket.closedAt = closedAt;
  }
  return socket;
}

/** Linux keeps a socket in TIME_WAIT for TCP_TIMEWAIT_LEN (60 s) and prints the time left in USER_HZ (100/s) ticks. */
const TIME_WAIT_LEN_MS = 60_000;
const USER_HZ_MS = 10;
const TIME_WAIT_TIMER = 3;

/** When a TIME_WAIT socket closed, from its "tr:tm->when" field (timer 3 = TIME_WAIT, then the time left). */
function timeWaitClosedAt(text: string, timersAt: number, readAtMs: number): number | undefined {
  if (parseHexAt(text, timersAt + 18, 2) !== TIME_WAIT_TIMER) return undefined;
  const leftTicks = parseHexAt(text, timersAt + 21, 8);
  if (leftTicks < 0 || leftTicks * USER_HZ_MS > TIME_WAIT_LEN_MS) return undefined;
  return readAtMs - (TIME_WAIT_LEN_MS - leftTicks * USER_HZ_MS);
}

/** `readAtMs` (when the text was read) lets TIME_WAIT sockets carry the time they closed. */
export function parseProcNet(text: string, protocol: Protocol, sockets: ProcNetSocket[] = [], readAtMs?: number): ProcNetParse {
  let badLines = 0;
  let lineStart = 0;
  const length = text.length;
  while (lineStart < length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = length;
    const fast = parseKernelLayout(text, lineStart, lineEnd, protocol, readAtMs);
    if (fast) {
      sockets.push(fast);
      lineStart = lineEnd + 1;
      continue;
    }
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
    sockets.push(makeSocket(protocol, local, localPort, remote, remotePort, stateCode, uid, inode));
  }
  return { sockets, badLines };
}

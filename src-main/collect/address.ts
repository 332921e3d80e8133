// The kernel's address forms (/proc/net hex words) and the text forms other tools print; what an
// address means (loopback, private, HOME_NET …) and its canonical text live in src-shared/net.
import { formatIPv6Groups } from '../../src-shared/net';

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[65 + i] = 10 + i;
  HEX_VALUE[97 + i] = 10 + i;
}

/** Value of `len` hex digits of `text` from `start`, or -1 when any is not a hex digit. */
export function parseHexAt(text: string, start: number, len: number): number {
  let value = 0;
  for (let i = start; i < start + len; i++) {
    const c = text.charCodeAt(i);
    const digit = c < 128 ? (HEX_VALUE[c] ?? -1) : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** A 32-bit kernel word printed as hex in host (little-endian) order → the 4 bytes in network order. */
function pushLittleEndianWord(text: string, start: number, bytes: number[]): boolean {
  for (let b = 3; b >= 0; b--) {
    const v = parseHexAt(text, start + b * 2, 2);
    if (v < 0) return false;
    bytes.push(v);
  }
  return true;
}

/** Bytes in network order → text: dotted quad for 4 bytes (or an IPv4-mapped IPv6), RFC 5952 otherwise. */
function bytesText(bytes: readonly number[]): string {
  const at = bytes.length === 4 ? 0 : isMappedPrefix(bytes) ? 12 : -1;
  if (at >= 0) return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return formatIPv6Groups(groups);
}

function isMappedPrefix(bytes: readonly number[]): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * Decodes an address as /proc/net/{tcp,udp}[6] print it: 8 or 32 hex digits, each 32-bit word in
 * host byte order (little-endian here). Returns undefined for anything else.
 */
export function decodeProcNetAddress(text: string, start: number, len: number): string | undefined {
  if (len !== 8 && len !== 32) return undefined;
  const bytes: number[] = [];
  for (let w = 0; w < len; w += 8) if (!pushLittleEndianWord(text, start + w, bytes)) return undefined;
  return bytesText(bytes);
}

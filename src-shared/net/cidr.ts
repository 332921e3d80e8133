// CIDR ranges: parsing, containment and an interface's subnet. Pure.
import type { AddressFamily } from '../model';
import { formatIPv4, formatIPv6, parseIPv4, parseIp, type ParsedAddress } from './ip';

export interface Cidr {
  family: AddressFamily;
  /** Network address with host bits cleared. */
  network: number | bigint;
  prefixLength: number;
  /** Canonical text, e.g. `10.0.0.0/8` or `fe80::/10`. */
  text: string;
}

const MASK128 = (1n << 128n) - 1n;

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
  if (addr.family === 4) return (addr.value & maskV4(cidr.prefixLength)) >>> 0 === cidr.network;
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

// Addresses written in free text (a command line's targets): IPv4 with an optional /prefix or a
// range of its last octet (nmap's 10.0.0.1-30), and IPv6 tokens. Attacker-chosen text: bounded.
import { cidrContains, parseCidr } from './cidr';
import { formatIPv4, parseIp, type ParsedAddress } from './ip';

export interface AddressToken {
  address: ParsedAddress;
  /** `10.0.0.0/24`: the CIDR it stands for. */
  prefix?: number;
  /** `10.0.0.1-30`: the last octet's upper end. */
  lastOctetTo?: number;
}

const IPV4_TOKEN = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2})|-(\d{1,3}))?(?![\d.])/g;
const SEPARATORS = /[\s,[\]@/=]+/;

/** At most `max` address tokens of `text`, IPv4 first. */
export function addressTokens(text: string, max = 64): AddressToken[] {
  const tokens: AddressToken[] = [];
  for (const [, ipv4 = '', prefix, lastOctetTo] of text.matchAll(IPV4_TOKEN)) {
    const address = parseIp(ipv4);
    if (!address) continue;
    tokens.push({
      address,
      ...(prefix !== undefined ? { prefix: Number(prefix) } : {}),
      ...(lastOctetTo !== undefined ? { lastOctetTo: Number(lastOctetTo) } : {}),
    });
    if (tokens.length >= max) return tokens;
  }
  if (!text.includes(':')) return tokens;
  for (const word of text.split(SEPARATORS)) {
    if (!word.includes(':')) continue;
    const address = parseIp(word);
    if (address?.family === 6) tokens.push({ address });
    if (tokens.length >= max) break;
  }
  return tokens;
}

/** Whether `token` stands for `host`: the address itself, a CIDR holding it, or a last-octet range holding it. */
export function tokenCovers(token: AddressToken, host: ParsedAddress): boolean {
  const { address, prefix, lastOctetTo } = token;
  if (address.family !== host.family) return false;
  if (prefix !== undefined) {
    const cidr = address.family === 4 ? parseCidr(`${formatIPv4(address.value)}/${prefix}`) : null;
    return cidr !== null && cidrContains(cidr, host);
  }
  if (lastOctetTo !== undefined && address.family === 4 && host.family === 4) {
    // Same first three octets, last octet within the range.
    const sameFirstThree = address.value >>> 8 === host.value >>> 8;
    const last = host.value & 0xff;
    return sameFirstThree && last >= (address.value & 0xff) && last <= lastOctetTo;
  }
  return address.value === host.value;
}

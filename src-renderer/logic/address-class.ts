// Internal vs external for display. Kept local because the renderer only needs a yes/no per row;
// the detection rules decide with src-shared's HOME_NET logic in main.

interface Cidr { family: 4 | 6; bits: bigint; prefix: number }

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const address = text.split('%')[0] ?? '';
  if (!address.includes(':')) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (part: string | undefined): string[] => (part ? part.split(':') : []);
  let head = toGroups(halves[0]);
  let tail = toGroups(halves[1]);
  const embedded = (tail.length ? tail : head).at(-1);
  const extra: number[] = [];
  if (embedded?.includes('.')) {
    const v4 = parseIpv4(embedded);
    if (v4 === undefined) return undefined;
    extra.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    if (tail.length) tail = tail.slice(0, -1); else head = head.slice(0, -1);
  }
  const explicit = head.length + tail.length + extra.length;
  if (halves.length === 1 && explicit !== 8) return undefined;
  if (explicit > 8) return undefined;
  const groups = [...head, ...Array<string>(8 - explicit).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  for (const group of extra) value = (value << 16n) | BigInt(group);
  return value;
}

function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText] = text.trim().split('/');
  const v4 = parseIpv4(address);
  const family = v4 !== undefined ? 4 : 6;
  const bits = v4 ?? parseIpv6(address);
  if (bits === undefined) return undefined;
  const width = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  return { family, bits, prefix };
}

const BUILT_IN_INTERNAL = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '0.0.0.0/32',
  '100.64.0.0/10', '::1/128', '::/128', 'fc00::/7', 'fe80::/10',
].map((text) => parseCidr(text) as Cidr);

function contains(cidr: Cidr, family: 4 | 6, bits: bigint): boolean {
  if (cidr.family !== family) return false;
  const width = family === 4 ? 32 : 128;
  const shift = BigInt(width - cidr.prefix);
  return bits >> shift === cidr.bits >> shift;
}

const MAPPED_V4_PREFIX = 0xffffn << 32n;

function parseAddress(address: string): { family: 4 | 6; bits: bigint | undefined } {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return { family: 4, bits: v4 };
  const v6 = parseIpv6(address);
  if (v6 !== undefined && v6 >> 32n === MAPPED_V4_PREFIX >> 32n) return { family: 4, bits: v6 & 0xffffffffn };
  return { family: 6, bits: v6 };
}

export type AddressClassifier = (address: string) => boolean;

/** Builds `isExternal(address)`: true unless private, loopback, link-local, ULA or inside `homeNet`. */
export function externalAddressClassifier(homeNet: readonly string[] = []): AddressClassifier {
  const internal = [...BUILT_IN_INTERNAL, ...homeNet.map(parseCidr).filter((c): c is Cidr => c !== undefined)];
  const cache = new Map<string, boolean>();
  return (address) => {
    const known = cache.get(address);
    if (known !== undefined) return known;
    const { family, bits } = parseAddress(address);
    const external = bits !== undefined && !internal.some((cidr) => contains(cidr, family, bits));
    if (cache.size > 50_000) cache.clear();
    cache.set(address, external);
    return external;
  };
}

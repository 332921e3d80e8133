// Known-bad address lists a user loads from a file: one IP or CIDR per line. Pure; no network.
// Reads the plain-text shapes of common blocklists: bare IPs or CIDRs with `#` comments (FireHOL
// netsets, abuse.ch and Emerging Threats IP lists), `CIDR ; SBL…` (Spamhaus DROP) and DShield's
// tab-separated `start end prefix` lines.
import { cidrContains, parseCidr, parseIp, type Cidr, type ParsedAddress } from '../../src-shared/net';

export interface BadAddressList {
  /** Canonical CIDR text (a single address is /32 or /128), in order of appearance, unique. */
  entries: string[];
  /** Lines that looked like data but held no address. */
  skipped: number;
  /** 1-based number of the first skipped line, for the warning. */
  firstSkippedLine?: number;
}

function entryOf(line: string): Cidr | null {
  const fields = line.split(/[\s,;]+/).filter(Boolean);
  const first = fields[0];
  if (!first) return null;
  // DShield: start<TAB>end<TAB>prefix-length …
  if (fields.length >= 3 && parseIp(first) && parseIp(fields[1] as string) && /^\d{1,3}$/.test(fields[2] as string)) {
    return parseCidr(`${first}/${fields[2]}`);
  }
  return parseCidr(first);
}

export function parseBadAddressList(text: string, maxEntries = 1_000_000): BadAddressList {
  const entries = new Set<string>();
  let skipped = 0;
  let firstSkippedLine: number | undefined;
  const lines = (text ?? '').split(/\r?\n/);
  for (let i = 0; i < lines.length && entries.size < maxEntries; i++) {
    const line = (lines[i] as string).replace(/[#;].*$/, '').trim();
    if (line === '') continue;
    const cidr = entryOf(line);
    if (cidr) entries.add(cidr.text);
    else {
      skipped += 1;
      firstSkippedLine ??= i + 1;
    }
  }
  return { entries: [...entries], skipped, ...(firstSkippedLine !== undefined && { firstSkippedLine }) };
}

/** Fast lookups over many entries: addresses in a set, networks grouped by prefix length. */
export class AddressMatcher {
  private readonly byPrefix = new Map<string, { cidr: Cidr; text: string }[]>();
  private readonly hosts = new Map<string, string>();

  constructor(entries: readonly string[]) {
    for (const text of entries) {
      const cidr = parseCidr(text);
      if (!cidr) continue;
      const max = cidr.family === 4 ? 32 : 128;
      if (cidr.prefixLength === max) {
        this.hosts.set(`${cidr.family}:${String(cidr.network)}`, cidr.text);
        continue;
      }
      const key = `${cidr.family}/${cidr.prefixLength}`;
      const list = this.byPrefix.get(key) ?? [];
      list.push({ cidr, text: cidr.text });
      this.byPrefix.set(key, list);
    }
    for (const list of this.byPrefix.values()) list.sort((a, b) => (a.cidr.network < b.cidr.network ? -1 : a.cidr.network > b.cidr.network ? 1 : 0));
  }

  /** The entry (CIDR text) that holds the address, or null. */
  match(address: string): string | null {
    const parsed = parseIp(address);
    if (!parsed) return null;
    const host = this.hosts.get(`${parsed.family}:${String(parsed.value)}`);
    if (host) return host;
    for (const [key, list] of this.byPrefix) {
      if (!key.startsWith(`${parsed.family}/`)) continue;
      const found = search(list, parsed);
      if (found) return found;
    }
    return null;
  }
}

/** Binary search over networks of one prefix length, sorted by network number. */
function search(list: { cidr: Cidr; text: string }[], address: ParsedAddress): string | null {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const entry = list[mid] as { cidr: Cidr; text: string };
    if (cidrContains(entry.cidr, address)) return entry.text;
    if (entry.cidr.network < address.value) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

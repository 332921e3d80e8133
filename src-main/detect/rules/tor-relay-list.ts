// Parses the Tor relay lists a user may load from a file. Pure; no network.
import { normalizeIp } from '../../../src-shared/net';

export type TorRelayListFormat = 'consensus' | 'exit-list' | 'onionoo' | 'plain' | 'empty';

export interface TorRelayList {
  format: TorRelayListFormat;
  /** Unique relay addresses (IPv4 and IPv6, canonical text), in order of appearance. */
  addresses: string[];
  /** Lines or entries that looked like data but held no usable address. */
  skipped: number;
}

/** `1.2.3.4`, `1.2.3.4:9001`, `[2001:db8::1]:9001` or a bare IPv6 → canonical address. */
function addressOf(token: string): string | null {
  const t = token.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) return normalizeIp(bracketed[1] as string);
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(t);
  if (v4port) return normalizeIp(v4port[1] as string);
  return normalizeIp(t);
}

function parseJson(text: string): TorRelayList | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const relays = Array.isArray(doc) ? doc : (doc as { relays?: unknown })?.relays;
  if (!Array.isArray(relays)) return null;
  const out = new Set<string>();
  let skipped = 0;
  for (const relay of relays) {
    const r = relay as Record<string, unknown>;
    const candidates: unknown[] = [];
    for (const field of ['or_addresses', 'exit_addresses', 'a']) {
      const v = r?.[field];
      if (Array.isArray(v)) candidates.push(...v);
    }
    for (const field of ['dir_address', 'address', 'ip']) if (typeof r?.[field] === 'string') candidates.push(r[field]);
    let found = false;
    for (const c of candidates) {
      const addr = typeof c === 'string' ? addressOf(c) : null;
      if (addr) {
        out.add(addr);
        found = true;
      }
    }
    if (!found) skipped++;
  }
  return { format: 'onionoo', addresses: [...out], skipped };
}

/**
 * Accepts a Tor network-status consensus (`r` router lines, including microdesc consensuses, and
 * `a` IPv6 OR-address lines), the exit list (`ExitAddress ip date`), Onionoo-style JSON
 * (`{"relays":[{"or_addresses":["ip:port"], "exit_addresses":[…]}]}`) or plain text with one
 * address (optionally `:port`) per line; `#` starts a comment.
 */
export function parseTorRelayList(text: string): TorRelayList {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { format: 'empty', addresses: [], skipped: 0 };
  if (trimmed.startsWith('{') || trimmed.startsWith('[{') || trimmed === '[]') {
    const json = parseJson(trimmed);
    if (json) return json;
  }
  const out = new Set<string>();
  let skipped = 0;
  let format: TorRelayListFormat = 'plain';
  for (const raw of trimmed.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const keyword = fields[0];
    if (keyword === 'network-status-version') format = 'consensus';
    if (keyword === 'r' && fields.length >= 8) {
      format = 'consensus';
      // Full consensus: r nick id digest date time IP ORPort DirPort; microdesc: no digest.
      const ipField = fields.length >= 9 ? fields[6] : fields[5];
      const addr = ipField ? addressOf(ipField) : null;
      if (addr) out.add(addr);
      else skipped++;
      continue;
    }
    if (keyword === 'a' && fields.length === 2) {
      const addr = addressOf(fields[1] as string);
      if (addr) out.add(addr);
      else skipped++;
      continue;
    }
    if (keyword === 'ExitAddress' && fields.length >= 2) {
      format = 'exit-list';
      const addr = addressOf(fields[1] as string);
      if (addr) out.add(addr);
      else skipped++;
      continue;
    }
    if (format === 'plain' && fields.length === 1) {
      const addr = addressOf(keyword as string);
      if (addr) out.add(addr);
      else skipped++;
    }
    // Every other keyword line of a consensus or exit list carries no relay address.
  }
  return { format, addresses: [...out], skipped };
}

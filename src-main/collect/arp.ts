// Neighbour (ARP / NDP) tables: `ip neigh show` and /proc/net/arp on Linux, `arp -a` on macOS,
// Windows and Linux net-tools. Entries without a MAC (incomplete, failed) say nothing about who
// answers for an address and are kept apart: they are the addresses this host tried to reach that
// never answered, which is what a sweep of silent hosts leaves behind.
import type { ArpEntry, NeighbourState, UnresolvedNeighbour } from '../../src-shared/model';
import { normalizeIp, normalizeMac } from '../../src-shared/net';
import { setBounded } from '../../src-shared/bounded-map';

/** A neighbour entry without a MAC, as one table read shows it. */
export type UnresolvedEntry = Omit<UnresolvedNeighbour, 'firstSeen'>;

export interface ArpParse {
  entries: ArpEntry[];
  /** FAILED / INCOMPLETE entries (no MAC). */
  unresolved: UnresolvedEntry[];
  badLines: number;
}

/** Most unresolved neighbours kept (the kernel's own table stops at gc_thresh3, 1024 by default). */
export const MAX_UNRESOLVED_NEIGHBOURS = 1024;

/**
 * First-seen times of the unresolved neighbours across reads: an entry keeps its time while it
 * stays unresolved, and is forgotten once it resolves or leaves the table.
 */
export class UnresolvedNeighbourTracker {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly max = MAX_UNRESOLVED_NEIGHBOURS) {}

  observe(entries: readonly UnresolvedEntry[], now: number): UnresolvedNeighbour[] {
    const current = new Map<string, UnresolvedEntry>();
    for (const e of entries) if (current.size < this.max) current.set(`${e.iface}|${e.ip}`, e);
    for (const key of this.firstSeen.keys()) if (!current.has(key)) this.firstSeen.delete(key);
    const out: UnresolvedNeighbour[] = [];
    for (const [key, e] of current) {
      const first = this.firstSeen.get(key) ?? now;
      setBounded(this.firstSeen, key, first, this.max);
      out.push({ ...e, firstSeen: first });
    }
    return out;
  }
}

const NEIGHBOUR_STATES = new Set<NeighbourState>(['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'INCOMPLETE', 'PERMANENT', 'NOARP', 'NONE']);

/** Ages in seconds from `ip -s neigh`'s `used USED/CONFIRMED/UPDATED` (iproute2 may glue `probes` to the last). */
export interface NeighbourAges {
  usedSec: number;
  confirmedSec: number;
  updatedSec: number;
}

export function parseNeighbourAges(tokens: readonly string[]): NeighbourAges | undefined {
  const at = tokens.indexOf('used');
  const match = at >= 0 ? /^(\d+)\/(\d+)\/(\d+)(?:probes)?$/.exec(tokens[at + 1] ?? '') : null;
  if (!match) return undefined;
  return { usedSec: Number(match[1]), confirmedSec: Number(match[2]), updatedSec: Number(match[3]) };
}

const ACTIVE_STATES = new Set<NeighbourState>(['REACHABLE', 'DELAY', 'PROBE']);

/**
 * When this host last sent through the entry (`used`) or, in an active state, when the entry last
 * changed state (`updated`). The kernel sends to a REACHABLE neighbour without moving `used`, so an
 * old time says nothing about silence; a recent one says this host just talked to the neighbour.
 * A STALE entry's `updated` is its reachability timer running out, not traffic.
 */
export function touchedAt(ages: NeighbourAges, state: NeighbourState, readAt: number): number {
  const ageSec = ACTIVE_STATES.has(state) ? Math.min(ages.usedSec, ages.updatedSec) : ages.usedSec;
  return readAt - ageSec * 1000;
}

/**
 * `192.0.2.1 dev eth0 lladdr 02:fc:00:00:00:05 STALE` (flags such as `router` may follow the MAC);
 * with `ip -s`, `ref 1 used 0/60/0 probes 0` comes before the state and gives `touchedAt` (`readAt`: when it was read).
 */
export function parseIpNeigh(text: string, readAt = Date.now()): ArpParse {
  const entries: ArpEntry[] = [];
  const unresolved: UnresolvedEntry[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const tokens = line.trim().split(/\s+/);
    const ip = normalizeIp(tokens[0] ?? '');
    const dev = tokens.indexOf('dev');
    const lladdr = tokens.indexOf('lladdr');
    const last = tokens[tokens.length - 1] ?? '';
    if (dev < 0 || !tokens[dev + 1] || !ip) {
      badLines++;
      continue;
    }
    if (lladdr < 0) {
      if (last === 'FAILED' || last === 'INCOMPLETE') unresolved.push({ ip, iface: tokens[dev + 1] ?? '', state: last });
      continue;
    }
    const mac = normalizeMac(tokens[lladdr + 1] ?? '');
    if (!mac) {
      badLines++;
      continue;
    }
    const state = NEIGHBOUR_STATES.has(last as NeighbourState) ? (last as NeighbourState) : 'UNKNOWN';
    const ages = parseNeighbourAges(tokens);
    entries.push({ ip, mac, iface: tokens[dev + 1] ?? '', state, ...(ages ? { touchedAt: touchedAt(ages, state, readAt) } : {}) });
  }
  return { entries, unresolved, badLines };
}

const ATF_COMPLETE = 0x2;
const ATF_PERMANENT = 0x4;

/** /proc/net/arp: IPv4 only, no NUD state (complete entries are reported as UNKNOWN, the others as INCOMPLETE). */
export function parseProcNetArp(text: string): ArpParse {
  const entries: ArpEntry[] = [];
  const unresolved: UnresolvedEntry[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('IP address')) continue;
    const [ipText, , flagsText, macText, , iface] = line.trim().split(/\s+/);
    const ip = normalizeIp(ipText ?? '');
    const flags = Number(flagsText);
    const mac = normalizeMac(macText ?? '');
    if (!ip || !iface || !mac || !Number.isInteger(flags)) {
      badLines++;
      continue;
    }
    if (!(flags & ATF_COMPLETE) || mac === '00:00:00:00:00:00') {
      unresolved.push({ ip, iface, state: 'INCOMPLETE' });
      continue;
    }
    entries.push({ ip, mac, iface, state: flags & ATF_PERMANENT ? 'PERMANENT' : 'UNKNOWN' });
  }
  return { entries, unresolved, badLines };
}

/**
 * `arp -a` as macOS / BSD and Linux net-tools print it:
 *   ? (192.168.1.1) at 0:11:22:33:44:55 on en0 ifscope [ethernet]
 *   ? (192.0.2.1) at 02:fc:00:00:00:05 [ether] on eth0
 * and as Windows prints it, under an "Interface: <address> --- 0xN" heading:
 *   192.168.1.1           00-11-22-33-44-55     dynamic
 */
export function parseArpA(text: string): ArpParse {
  const entries: ArpEntry[] = [];
  const unresolved: UnresolvedEntry[] = [];
  let badLines = 0;
  let windowsIface = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const heading = /^Interface:\s+(\S+)/.exec(line);
    if (heading) {
      windowsIface = heading[1] ?? '';
      continue;
    }
    if (/^Internet Address/i.test(line)) continue;
    const bsd = /^\S+\s+\(([^)]+)\)\s+at\s+(\S+)(.*)$/.exec(line);
    if (bsd) {
      const [, ipText = '', macText = '', rest = ''] = bsd;
      const ip = normalizeIp(ipText);
      const iface = /\bon\s+(\S+)/.exec(rest)?.[1] ?? '';
      if (macText.startsWith('(')) {
        // (incomplete)
        if (ip) unresolved.push({ ip, iface, state: 'INCOMPLETE' });
        continue;
      }
      const mac = normalizeMac(macText);
      if (!mac || !ip) {
        badLines++;
        continue;
      }
      entries.push({ ip, mac, iface, state: /\bpermanent\b|\bPERM\b/.test(rest) ? 'PERMANENT' : 'UNKNOWN' });
      continue;
    }
    const win = /^(\d{1,3}(?:\.\d{1,3}){3})\s+([0-9a-fA-F-]{11,17})\s+(\w+)$/.exec(line);
    if (win) {
      const [, ipText = '', macText = '', type = ''] = win;
      const ip = normalizeIp(ipText);
      const mac = normalizeMac(macText);
      if (!mac || !ip) {
        badLines++;
        continue;
      }
      entries.push({ ip, mac, iface: windowsIface, state: type.toLowerCase() === 'static' ? 'PERMANENT' : 'UNKNOWN' });
      continue;
    }
    if (/no entries|^\s*$/i.test(line)) continue;
    badLines++;
  }
  return { entries, unresolved, badLines };
}

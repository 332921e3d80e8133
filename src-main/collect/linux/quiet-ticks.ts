// Whether anything a detection looks at can have changed since the last full collection, from a
// few small kernel files. A process is created by a fork (/proc/stat `processes`); a socket that
// opens, closes or moves data changes the socket counts (sockstat), the packet socket list or the
// TCP/UDP/ICMP counters (/proc/net/snmp); an ARP reply changes the neighbour table. When none of
// them moved, the last snapshot still describes the host and a tick reads only the system load and
// interface counters. What moves none of them — a process exec()ing in place, pipes rewired
// without any socket or traffic — is seen at the next full collection, at most `maxQuietMs` later.
import type { CoverageWarning, HostSnapshot } from '../../../src-shared/model';
import { parseSnmpTable } from './snmp';

/** The files whose contents make up the marks, beside /proc/stat. */
export const ACTIVITY_FILES = ['/proc/net/snmp', '/proc/net/sockstat', '/proc/net/sockstat6', '/proc/net/packet', '/proc/net/arp'] as const;

/** Sections of /proc/net/snmp that count this host's own sockets' traffic (Ip counts every broadcast heard). */
const SNMP_SECTIONS = ['Tcp', 'Udp', 'Icmp', 'IcmpMsg', 'UdpLite'];

/** `processes N` in /proc/stat: forks since boot. */
export function forkCount(procStat: string): number | undefined {
  const match = /^processes (\d+)$/m.exec(procStat);
  return match ? Number(match[1]) : undefined;
}

/** The snmp counters that move with this host's own TCP, UDP and ICMP traffic, plus the IP packets it sends (raw protocols). */
function snmpMarks(snmp: string): string | undefined {
  const table = parseSnmpTable(snmp);
  const tcp = table.get('Tcp');
  if (!tcp) return undefined;
  const parts = SNMP_SECTIONS.map((name) => [...(table.get(name)?.values() ?? [])].join(','));
  parts.push(String(table.get('Ip')?.get('OutRequests') ?? ''));
  return parts.join('|');
}

/** sockstat without its `sockets: used` line, which counts Unix sockets too (a desktop churns them all day). */
function sockstatMarks(sockstat: string): string {
  return sockstat
    .split('\n')
    .filter((line) => !line.startsWith('sockets:'))
    .join('\n');
}

/**
 * One string that changes whenever the host's processes or sockets may have; undefined when a
 * file is missing or unparsable (then every tick is a full one). Texts follow ACTIVITY_FILES' order;
 * `ownForks`: the programs the collector itself started (ip, ss), which are not the host's activity.
 */
export function activityMarks(procStat: string, texts: readonly (string | undefined)[], ownForks = 0): string | undefined {
  const forks = forkCount(procStat);
  const [snmp, sockstat, sockstat6, packet, arp] = texts;
  if (forks === undefined || snmp === undefined || sockstat === undefined || arp === undefined) return undefined;
  const counters = snmpMarks(snmp);
  if (counters === undefined) return undefined;
  return [forks - ownForks, counters, sockstatMarks(sockstat), sockstatMarks(sockstat6 ?? ''), packet ?? '', arp].join('\n');
}

/** Decides, tick by tick, whether the last full collection can stand. */
export class QuietGate {
  private last: { marks: string; at: number } | undefined;

  constructor(private readonly maxQuietMs: number) {}

  /** True when the marks equal those of the last full collection, made less than maxQuietMs ago. */
  isQuiet(marks: string | undefined, now: number): boolean {
    const last = this.last;
    return marks !== undefined && last !== undefined && marks === last.marks && now - last.at < this.maxQuietMs;
  }

  /** Records a full collection made with these marks (read before it started). */
  collected(marks: string | undefined, now: number): void {
    this.last = marks === undefined ? undefined : { marks, at: now };
  }
}

/** What a quiet tick reads afresh: the time, the system load and the interface counters (the kernel's TCP/UDP/ICMP counters are in the marks: unchanged). */
export interface QuietTickFacts {
  time: number;
  system: HostSnapshot['system'];
  interfaces: HostSnapshot['interfaces'];
  /** Warnings of this tick's own reads (system, interfaces). */
  coverage: CoverageWarning[];
}

const FRESH_SOURCES = new Set(['system', 'interfaces']);

/** The last full snapshot with this tick's load and counters; its other parts are the same objects (read-only). */
export function quietSnapshot(previous: HostSnapshot, facts: QuietTickFacts): HostSnapshot {
  const snapshot: HostSnapshot = {
    ...previous,
    time: facts.time,
    system: facts.system,
    interfaces: facts.interfaces,
    coverage: [...previous.coverage.filter((w) => !FRESH_SOURCES.has(w.source)), ...facts.coverage],
  };
  return snapshot;
}

/** A snapshot can stand for the next tick only if nothing in it counts what happened since the tick before it. */
export function canStandAgain(snapshot: HostSnapshot): boolean {
  return !snapshot.processes.some((p) => p.socketsOpened !== undefined && p.socketsOpened > 0);
}

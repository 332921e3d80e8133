// The neighbour table on Linux: `ip -s neigh` (IPv4 and IPv6, with NUD states and entry timers), or /proc/net/arp.
import type { ArpEntry, CoverageWarning, UnresolvedNeighbour } from '../../../src-shared/model';
import { parseIpNeigh, parseProcNetArp, UnresolvedNeighbourTracker, type ArpParse } from '../arp';
import { parseSnmpTable } from './snmp';
import { describeFailure, warning } from '../source';
import type { ToolRunner } from '../tool-runner';
import type { FileReader } from '../types';

/** Re-run `ip neigh` at least this often even when /proc/net/arp did not change. */
const REFRESH_TICKS = 15;

/** Probe traffic since the last tick (see probeTraffic) that makes `ip neigh` run again. */
export const PROBE_TRAFFIC_REFRESH = 10;

/** The texts a tick already read, handed down so they are not read twice. */
export interface NeighbourHints {
  arpText?: string | undefined;
  snmpText?: string | undefined;
}

/**
 * What scans move, either way: RSTs and ICMP unreachables this host sent and datagrams to its
 * closed ports (scanned), failed connects and unreachables it received (scanning).
 */
export function probeTraffic(snmpText: string): number | undefined {
  const table = parseSnmpTable(snmpText);
  const tcp = table.get('Tcp');
  const rsts = tcp?.get('OutRsts');
  if (rsts === undefined) return undefined;
  const icmp = table.get('Icmp');
  return (
    rsts + (tcp?.get('AttemptFails') ?? 0) + (icmp?.get('OutDestUnreachs') ?? 0) + (icmp?.get('InDestUnreachs') ?? 0) + (table.get('Udp')?.get('NoPorts') ?? 0)
  );
}

/**
 * `ip neigh` costs a fork of this (large) process, so it runs only when the kernel's IPv4 table
 * changed (a new or moved MAC shows in /proc/net/arp at once), when probes just went either way
 * (a state change — STALE to DELAY — leaves /proc/net/arp as it was, and the entry timers then
 * name the neighbour this host answered or probed), or every few ticks for IPv6 neighbours and state changes;
 * otherwise the last result stands.
 */
export class NeighbourReader {
  private last: { arpText: string; entries: ArpEntry[]; tick: number } | undefined;
  private tick = 0;
  private lastProbeTraffic: number | undefined;
  private readonly unresolvedTracker = new UnresolvedNeighbourTracker();
  /** FAILED / INCOMPLETE entries as of the last collect(), with first-seen times. */
  unresolved: UnresolvedNeighbour[] = [];

  constructor(
    private readonly read: FileReader,
    private readonly tools: ToolRunner,
  ) {}

  async collect(coverage: CoverageWarning[], hints: NeighbourHints = {}): Promise<ArpEntry[]> {
    this.tick++;
    let arpText = hints.arpText;
    let arpError: unknown;
    if (arpText === undefined) {
      try {
        arpText = await this.read('/proc/net/arp');
      } catch (err) {
        arpError = err;
      }
    }
    const last = this.last;
    const probed = this.probesMoved(hints.snmpText);
    if (last && !probed && arpText !== undefined && arpText === last.arpText && this.tick - last.tick < REFRESH_TICKS) return last.entries;
    const output = await this.tools.run('ip', ['-s', 'neigh', 'show']);
    if (typeof output === 'string') {
      const { entries, badLines } = this.keepUnresolved(parseIpNeigh(output, Date.now()));
      if (badLines > 0) coverage.push(warning('arp', `${badLines} malformed lines in \`ip neigh\` output skipped`));
      this.last = arpText === undefined ? undefined : { arpText, entries, tick: this.tick };
      return entries;
    }
    this.last = undefined;
    this.unresolved = [];
    if (arpText === undefined) {
      coverage.push(warning('arp', `neighbour table unavailable: \`ip neigh\` ${describeFailure(output.error)}, /proc/net/arp ${describeFailure(arpError)}`));
      return [];
    }
    coverage.push(
      warning('arp', `\`ip neigh\` ${describeFailure(output.error)}: IPv4 ARP only, from /proc/net/arp, without neighbour states`, 'install iproute2'),
    );
    return this.keepUnresolved(parseProcNetArp(arpText)).entries;
  }

  /** Whether at least PROBE_TRAFFIC_REFRESH probes or replies went since the previous call. */
  private probesMoved(snmpText: string | undefined): boolean {
    const traffic = snmpText === undefined ? undefined : probeTraffic(snmpText);
    const previous = this.lastProbeTraffic;
    this.lastProbeTraffic = traffic;
    return traffic !== undefined && previous !== undefined && traffic - previous >= PROBE_TRAFFIC_REFRESH;
  }

  private keepUnresolved(parse: ArpParse): ArpParse {
    this.unresolved = this.unresolvedTracker.observe(parse.unresolved, Date.now());
    return parse;
  }
}

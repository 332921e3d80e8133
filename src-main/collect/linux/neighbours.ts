// The neighbour table on Linux: `ip -s neigh` (IPv4 and IPv6, with NUD states and entry timers), or /proc/net/arp.
import type { ArpEntry, CoverageWarning, UnresolvedNeighbour } from '../../../src-shared/model';
import { parseIpNeigh, parseProcNetArp, UnresolvedNeighbourTracker, type ArpParse } from '../arp';
import { parseSnmpTable } from './snmp';
import { describeFailure, warning } from '../source';
import type { ToolRunner } from '../tool-runner';
import type { FileReader } from '../types';

/** Re-run `ip neigh` at least this often even when /proc/net/arp did not change. */
const REFRESH_TICKS = 15;

/** Replies to probes (RSTs, ICMP unreachables) and datagrams to closed ports since the last tick that make `ip neigh` run again. */
export const PROBE_REPLIES_REFRESH = 10;

/** The texts a tick already read, handed down so they are not read twice. */
export interface NeighbourHints {
  arpText?: string | undefined;
  snmpText?: string | undefined;
}

/** Tcp OutRsts + Icmp OutDestUnreachs + Udp NoPorts: what a scan of this host moves. */
export function probeReplies(snmpText: string): number | undefined {
  const table = parseSnmpTable(snmpText);
  const rsts = table.get('Tcp')?.get('OutRsts');
  if (rsts === undefined) return undefined;
  return rsts + (table.get('Icmp')?.get('OutDestUnreachs') ?? 0) + (table.get('Udp')?.get('NoPorts') ?? 0);
}

/**
 * `ip neigh` costs a fork of this (large) process, so it runs only when the kernel's IPv4 table
 * changed (a new or moved MAC shows in /proc/net/arp at once), when this host just answered a
 * burst of probes (a state change — STALE to DELAY — leaves /proc/net/arp as it was, and the entry
 * timers then name who was answered), or every few ticks for IPv6 neighbours and state changes;
 * otherwise the last result stands.
 */
export class NeighbourReader {
  private last: { arpText: string; entries: ArpEntry[]; tick: number } | undefined;
  private tick = 0;
  private lastReplies: number | undefined;
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
    const probed = this.answeredProbes(hints.snmpText);
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

  /** Whether this host answered at least PROBE_REPLIES_REFRESH probes since the previous call. */
  private answeredProbes(snmpText: string | undefined): boolean {
    const replies = snmpText === undefined ? undefined : probeReplies(snmpText);
    const previous = this.lastReplies;
    this.lastReplies = replies;
    return replies !== undefined && previous !== undefined && replies - previous >= PROBE_REPLIES_REFRESH;
  }

  private keepUnresolved(parse: ArpParse): ArpParse {
    this.unresolved = this.unresolvedTracker.observe(parse.unresolved, Date.now());
    return parse;
  }
}

// The neighbour table on Linux: `ip neigh` (IPv4 and IPv6, with NUD states), or /proc/net/arp.
import type { ArpEntry, CoverageWarning, UnresolvedNeighbour } from '../../../src-shared/model';
import { parseIpNeigh, parseProcNetArp, UnresolvedNeighbourTracker, type ArpParse } from '../arp';
import { describeFailure, warning } from '../source';
import type { ToolRunner } from '../tool-runner';
import type { FileReader } from '../types';

/** Re-run `ip neigh` at least this often even when /proc/net/arp did not change. */
const REFRESH_TICKS = 15;

/**
 * `ip neigh` costs a fork of this (large) process, so it runs only when the kernel's IPv4 table
 * changed (a new or moved MAC shows in /proc/net/arp at once) or every few ticks for IPv6
 * neighbours and state changes; otherwise the last result stands.
 */
export class NeighbourReader {
  private last: { arpText: string; entries: ArpEntry[]; tick: number } | undefined;
  private tick = 0;
  private readonly unresolvedTracker = new UnresolvedNeighbourTracker();
  /** FAILED / INCOMPLETE entries as of the last collect(), with first-seen times. */
  unresolved: UnresolvedNeighbour[] = [];

  constructor(
    private readonly read: FileReader,
    private readonly tools: ToolRunner,
  ) {}

  async collect(coverage: CoverageWarning[]): Promise<ArpEntry[]> {
    this.tick++;
    let arpText: string | undefined;
    let arpError: unknown;
    try {
      arpText = await this.read('/proc/net/arp');
    } catch (err) {
      arpError = err;
    }
    const last = this.last;
    if (last && arpText !== undefined && arpText === last.arpText && this.tick - last.tick < REFRESH_TICKS) return last.entries;
    const output = await this.tools.run('ip', ['neigh', 'show']);
    if (typeof output === 'string') {
      const { entries, badLines } = this.keepUnresolved(parseIpNeigh(output));
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

  private keepUnresolved(parse: ArpParse): ArpParse {
    this.unresolved = this.unresolvedTracker.observe(parse.unresolved, Date.now());
    return parse;
  }
}

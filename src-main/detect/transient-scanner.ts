// A scanner gone before the tick that counts its burst (nmap -sT -p- against one LAN host lives
// about 0.5 s): among the processes the low-level watch described between ticks, the one whose
// command line names a probed host — an address, a CIDR or a last-octet range (10.0.0.1-30).
import type { ProcessRef } from '../../src-shared/model';
import { addressTokens, parseIp, tokenCovers } from '../../src-shared/net';

/** Processes seen between ticks, newest description per pid, within a few seconds. */
export type RecentTransients = Map<number, { process: ProcessRef; seenAt: number }>;

const MAX_REMEMBERED = 64;

export function rememberTransients(recent: RecentTransients, processes: readonly ProcessRef[] | undefined, now: number, keepMs: number): void {
  for (const process of processes ?? []) {
    recent.delete(process.pid); // re-inserted last: the newest description, and the newest entry
    recent.set(process.pid, { process, seenAt: now });
  }
  for (const [pid, entry] of recent) {
    if (entry.seenAt >= now - keepMs && recent.size <= MAX_REMEMBERED) break;
    recent.delete(pid);
  }
}

/** Whether a command line names `host`: the address itself, a CIDR holding it, or a range of its last octet. */
export function commandLineNames(cmdline: string, host: string): boolean {
  const target = parseIp(host);
  return target !== null && addressTokens(cmdline).some((token) => tokenCovers(token, target));
}

/**
 * The one program (by name) among the recent transients whose command line names one of `hosts`;
 * a shell that started it (`sh -c "nmap …"`) gives way to it, and two programs name nobody.
 */
export function scannerByCommandLine(recent: RecentTransients, hosts: readonly string[]): { process: ProcessRef; host: string } | undefined {
  const matches: { process: ProcessRef; host: string }[] = [];
  for (const { process } of recent.values()) {
    const host = process.cmdline ? hosts.slice(0, 20).find((h) => commandLineNames(process.cmdline as string, h)) : undefined;
    if (host !== undefined) matches.push({ process, host });
  }
  const parents = new Set(matches.map((m) => m.process.ppid));
  const leaves = matches.filter((m) => !parents.has(m.process.pid));
  return new Set(leaves.map((m) => m.process.name)).size === 1 ? leaves[leaves.length - 1] : undefined;
}

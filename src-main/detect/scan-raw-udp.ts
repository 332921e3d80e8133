// This host scanning with forged datagrams (nmap -sU as root, raw UDP probes): the prober holds a
// raw socket that writes whole IP packets (IPPROTO_RAW) or raw UDP, so no UDP socket of this host
// stands behind the probes, while the targets' ICMP destination-unreachable replies arrive. The
// targets rate-limit those replies (about one a second each), so they are counted over a window.
import type { Finding, KernelCounters, LowLevelSocket, Severity } from '../../src-shared/model';
import { finding, processLabel } from './format';
import { describeSocket, holdersByPid, isSystemNetworkDaemon, LINK_DAEMONS, type Holder } from './low-level-holders';

const IPPROTO_UDP = 17;
const IPPROTO_RAW = 255;

export interface RawUdpScanState {
  /** ICMP destination-unreachables received per tick, within the window. */
  unreachables: { time: number; count: number }[];
  /** Forging-socket holders seen within the window, by pid. */
  holders: Map<number, { holder: Holder; lastSeen: number }>;
}

export interface RawUdpScanSettings {
  severity: Severity;
  /** Unreachables within `windowMs` while a holder is seen. */
  minUnreachables: number;
  windowMs: number;
}

export function createRawUdpScanState(): RawUdpScanState {
  return { unreachables: [], holders: new Map() };
}

/** A raw socket that writes whole IP packets or UDP datagrams of its own making. */
export function forgesDatagrams(s: LowLevelSocket): boolean {
  return s.kind === 'raw' && (s.protocol === IPPROTO_RAW || s.protocol === IPPROTO_UDP);
}

export function rawUdpScanFinding(
  sockets: readonly LowLevelSocket[] | undefined,
  counters: { before: KernelCounters | undefined; after: KernelCounters | undefined },
  state: RawUdpScanState,
  now: number,
  targets: string[],
  s: RawUdpScanSettings,
): Finding | undefined {
  for (const holder of holdersByPid(sockets, forgesDatagrams, 50).values()) {
    if (!isSystemNetworkDaemon(holder.process, LINK_DAEMONS)) state.holders.set(holder.process.pid, { holder, lastSeen: now });
  }
  const cutoff = now - s.windowMs;
  for (const [pid, entry] of state.holders) if (entry.lastSeen < cutoff || state.holders.size > 50) state.holders.delete(pid);
  const { before, after } = counters;
  const delta = before && after ? after.icmpInDestUnreachs - before.icmpInDestUnreachs : 0;
  if (delta > 0) state.unreachables.push({ time: now, count: delta });
  while ((state.unreachables[0]?.time ?? now) < cutoff || state.unreachables.length > 600) state.unreachables.shift();
  const total = state.unreachables.reduce((sum, u) => sum + u.count, 0);
  const first = [...state.holders.values()][0];
  if (delta <= 0 || total < s.minUnreachables || !first) return undefined;
  const { holder } = first;
  const label = processLabel(holder.process);
  return finding({
    key: `out|${holder.process.name}`,
    severity: s.severity,
    title: `Outbound raw-socket scan by ${label}`,
    description: `${label} holds sockets that forge IP packets (${holder.sockets.map(describeSocket).join(', ')}) while ${total} ICMP destination-unreachable replies arrived within ${s.windowMs / 1000} s: replies to probes no socket of this host sent (a UDP or raw scan)${targets.length ? ` of ${targets.slice(0, 5).join(', ')}` : ''}.`,
    destination: targets.length === 1 && targets[0] ? { address: targets[0] } : undefined,
    process: holder.process,
    evidence: {
      direction: 'outbound',
      scanKind: 'raw-udp',
      rawSockets: holder.sockets.map(describeSocket),
      icmpUnreachablesInWindow: total,
      icmpUnreachablesThisTick: delta,
      windowSec: s.windowMs / 1000,
      targetHosts: targets.slice(0, 50),
    },
    occurrences: delta,
  });
}

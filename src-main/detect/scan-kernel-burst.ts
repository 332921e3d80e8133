// This host being scanned, seen only in the kernel's counters: a scan of closed ports leaves no
// socket, only the RSTs and ICMP unreachables this host sent back. The source is named from the
// evidence (the source that touched most ports, or the one neighbour the replies woke), never guessed.
import type { Finding, HostSnapshot, KernelCounters, Severity } from '../../src-shared/model';
import { isLoopback } from '../../src-shared/net';
import type { KernelBurst } from './kernel-burst';
import { likelyNeighbour } from './neighbour-activity';
import type { Actor } from './scan-inbound';

/** Packets received from the network (loopback excluded); undefined when the snapshot has no interface counters. */
export function networkRxPackets(snapshot: HostSnapshot): number | undefined {
  if (snapshot.interfaces.length === 0) return undefined;
  const loopback = new Set(['lo', ...snapshot.localAddresses.filter((a) => isLoopback(a.address)).map((a) => a.iface)]);
  let sum = 0;
  for (const counters of snapshot.interfaces) if (!loopback.has(counters.name)) sum += counters.rxPackets;
  return sum;
}

export interface InboundBurstInput {
  burst: KernelBurst;
  before: KernelCounters | undefined;
  after: KernelCounters | undefined;
  inbound: ReadonlyMap<string, Actor>;
  /** Active LAN neighbours, most recently activated first. */
  neighbours: string[];
  /** Neighbours the entry timers show this host sent to since the burst began (undefined: no timers). */
  touched: string[] | undefined;
  /** Packets received from the network since the previous tick (undefined: not known). */
  rxDelta: number | undefined;
}

function rateText(burst: KernelBurst): string {
  return Object.entries(burst.rates)
    .map(([k, v]) => `${k} ${v}/s`)
    .join(', ');
}

/** A burst of replies this host sent: a scan from the network, or (no packets to explain it) local traffic. */
export function inboundBurstFinding(input: InboundBurstInput, severity: Severity): Finding {
  const { burst, before, after, neighbours, touched, rxDelta } = input;
  const suspects = [...input.inbound.entries()]
    .map(([source, actor]) => ({ source, ports: actor.touches.size }))
    .sort((a, b) => b.ports - a.ports)
    .slice(0, 5);
  // A neighbour turns active when this host answers it (RSTs, unreachables); probes left unanswered
  // (UDP to closed ports past the ICMP rate limit) name no neighbour, so none is guessed.
  const answered = !before || !after || after.tcpOutRsts > before.tcpOutRsts || after.icmpOutDestUnreachs > before.icmpOutDestUnreachs;
  const likely = suspects[0]?.source ?? (answered ? likelyNeighbour(neighbours, touched) : undefined);
  const counters = Object.keys(burst.rates).join(', ');
  const deltas = Object.fromEntries(Object.entries(burst.deltas).map(([k, v]) => [`${k}Delta`, v]));
  // Every RST or unreachable a scan provokes answers a probe that arrived from the network; a burst
  // that no such packets explain comes from loopback traffic (a local program tearing down connections).
  const largestDelta = Math.max(...Object.values(burst.deltas));
  if (rxDelta !== undefined && rxDelta < largestDelta * 0.5) {
    return {
      key: 'kernel-burst-local',
      severity: 'LOW',
      title: 'Burst of kernel resets from local traffic',
      description: `Burst of ${counters} (${rateText(burst)}) while only ${rxDelta} packets arrived from the network: a local program (possibly a scan of this host's own ports) rather than a remote scan.`,
      evidence: { ...deltas, networkRxPacketsDelta: rxDelta, intervalSec: burst.intervalSec },
    };
  }
  return {
    key: 'kernel-burst',
    severity,
    title: 'Scan-like burst in kernel counters',
    description: `Burst of ${counters} (${rateText(burst)}): a scan against closed ports leaves no socket behind, only these replies.${likely ? ` Likely source: ${likely}${suspects.length ? '' : touched ? ' (the one LAN neighbour this host replied to during the burst)' : ' (LAN neighbour that became active)'}.` : ''}`,
    ...(likely ? { source: { address: likely } } : {}),
    evidence: {
      ...deltas,
      ...Object.fromEntries(Object.entries(burst.rates).map(([k, v]) => [`${k}PerSec`, v])),
      ...Object.fromEntries(Object.entries(burst.baselines).map(([k, v]) => [`${k}BaselinePerSec`, v])),
      intervalSec: burst.intervalSec,
      ...(rxDelta !== undefined ? { networkRxPacketsDelta: rxDelta } : {}),
      suspects: suspects.map((s) => `${s.source} (${s.ports} ports)`),
      recentlyActiveNeighbours: neighbours.slice(0, 10),
      ...(touched ? { neighboursSentToDuringBurst: touched.slice(0, 10) } : {}),
    },
  };
}

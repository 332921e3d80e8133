// This host scanning others: per-process connection attempts (connect scans, fast or slow) and
// raw-socket scans seen through the kernel's TCP counters.
import type { Finding, KernelCounters, LowLevelSocket, ProcessRef, Severity } from '../../src-shared/model';
import { finding, processLabel } from './format';
import { craftsTcp, describeSocket, holdersByPid, isSystemNetworkDaemon, LINK_DAEMONS, type Holder } from './low-level-holders';
import type { KernelBurst } from './kernel-burst';
import type { ChurnLeader } from './socket-churn';
import { round } from '../../src-shared/stats';
import { WEB_PORTS, type OutboundActor, type OutboundActors, type ScanThresholds } from './outbound-attempts';

export { pruneOutbound, touchOutbound, type OutboundActor, type OutboundActors } from './outbound-attempts';

export interface OutboundScanSettings {
  severity: Severity;
  /** Fast: distinct host:port targets in SYN_SENT within `windowMs` (80/443 count for a third). */
  distinctTargets: number;
  /** Fast: distinct ports on one host, any connection state, within `windowMs` (vertical scan). */
  portsPerHost: number;
  /** Sweep: one port (web ports aside) tried on this many hosts in SYN_SENT within `windowMs`. */
  sweepHosts: number;
  windowMs: number;
  /** Slow: distinct SYN_SENT targets off the web ports within `slowWindowMs` (one probe every 0.5–2 s). */
  slowDistinctTargets: number;
  slowWindowMs: number;
  /** Raw scans: TCP segments per second received without the TCP stack answering (replies to forged probes). */
  rawUnansweredRate: number;
  maxTracked: number;
}

function portOf(target: string): number {
  return Number(target.slice(target.lastIndexOf(':') + 1));
}

function hostOf(target: string): string {
  return target.slice(0, target.lastIndexOf(':'));
}

interface ScanShape {
  kind: 'fast' | 'vertical' | 'slow' | 'sweep';
  targets: string[];
}

/** Whether an actor's recent attempts look like a scan, and which ones count. */
export function scanShape(actor: OutboundActor, now: number, s: OutboundScanSettings): ScanShape | undefined {
  // The running counts say whether the walk can find a shape; most ticks it cannot.
  return actor.tally.couldBeScan(actor.touches, now, s) ? walkScanShape(actor, now, s) : undefined;
}

/** scanShape's answer from a walk over every touch. */
export function walkScanShape(actor: Pick<OutboundActor, 'touches'>, now: number, s: ScanThresholds): ScanShape | undefined {
  const recent: string[] = [];
  const recentSyn: string[] = [];
  let recentWebSyn = 0;
  const slowSyn: string[] = [];
  const portsByHost = new Map<string, Set<number>>();
  for (const [target, t] of actor.touches) {
    if (t.synSent && !WEB_PORTS.has(portOf(target))) slowSyn.push(target);
    if (t.time < now - s.windowMs) continue;
    recent.push(target);
    if (t.synSent) {
      recentSyn.push(target);
      if (WEB_PORTS.has(portOf(target))) recentWebSyn++;
    }
    const host = hostOf(target);
    const ports = portsByHost.get(host) ?? new Set<number>();
    ports.add(portOf(target));
    portsByHost.set(host, ports);
  }
  // A browser reaches many sites on 80/443: those count for a third.
  if (recentSyn.length - recentWebSyn + recentWebSyn / 3 >= s.distinctTargets) return { kind: 'fast', targets: recentSyn };
  // A sweep: one port tried on many hosts, many of them silent (a scraper's hosts answer at once).
  const synHostsByPort = new Map<number, number>();
  for (const target of recentSyn) {
    const port = portOf(target);
    if (WEB_PORTS.has(port)) continue;
    const n = (synHostsByPort.get(port) ?? 0) + 1;
    synHostsByPort.set(port, n);
    if (n >= s.sweepHosts) return { kind: 'sweep', targets: recent.filter((t) => portOf(t) === port) };
  }
  for (const [host, ports] of portsByHost) {
    if (ports.size >= s.portsPerHost) return { kind: 'vertical', targets: recent.filter((t) => hostOf(t) === host) };
  }
  if (slowSyn.length >= s.slowDistinctTargets) return { kind: 'slow', targets: slowSyn };
  return undefined;
}

/** What a finding needs of an actor: its process, and how many targets were reported (updated here). */
type ReportedActor = Pick<OutboundActor, 'process' | 'reported'>;

export function outboundFinding(
  who: string,
  actor: ReportedActor,
  shape: ScanShape,
  s: OutboundScanSettings,
  extra: Record<string, string | number> = {},
): Finding {
  const hosts = [...new Set(shape.targets.map(hostOf))];
  const ports = new Set(shape.targets.map(portOf));
  const windowSec = (shape.kind === 'slow' ? s.slowWindowMs : s.windowMs) / 1000;
  const label = processLabel(actor.process);
  const occurrences = actor.reported === 0 ? shape.targets.length : Math.max(0, shape.targets.length - actor.reported);
  actor.reported = Math.max(actor.reported, shape.targets.length);
  return finding({
    key: `out|${who}`,
    severity: s.severity,
    title: `Outbound ${shape.kind === 'slow' ? 'slow ' : ''}scan by ${label}`,
    description: `${label} attempted ${shape.targets.length} connections to ${hosts.length} host(s) on ${ports.size} port(s) within ${windowSec} s: ${hosts.slice(0, 5).join(', ')}${hosts.length > 5 ? ' …' : ''}.`,
    destination: hosts.length === 1 && hosts[0] ? { address: hosts[0] } : undefined,
    process: actor.process,
    evidence: {
      direction: 'outbound',
      scanKind: shape.kind,
      distinctTargets: shape.targets.length,
      distinctHosts: hosts.length,
      distinctPorts: ports.size,
      targets: shape.targets.slice(0, 50),
      targetHosts: hosts.slice(0, 50),
      windowSec,
      ...extra,
    },
    occurrences,
  });
}

/** TCP segments received that the stack did not answer, per second: what a raw scan's replies leave. */
export function unansweredSegments(
  before: KernelCounters,
  after: KernelCounters,
  intervalSec: number,
): { rate: number; inSegs: number; outSegs: number } | undefined {
  const inSegs = after.tcpInSegs - before.tcpInSegs;
  const outSegs = after.tcpOutSegs - before.tcpOutSegs;
  if (!(intervalSec > 0) || inSegs < 0 || outSegs < 0) return undefined;
  // Normal traffic acknowledges at least one segment in two; a raw scan's RSTs and SYN-ACKs come back unanswered.
  if (outSegs * 4 > inSegs) return { rate: 0, inSegs, outSegs };
  return { rate: (inSegs - outSegs) / intervalSec, inSegs, outSegs };
}

/** Processes able to forge TCP segments (raw TCP / IPPROTO_RAW / whole-frame packet sockets), DHCP-like daemons aside. */
export function rawScanners(sockets: readonly LowLevelSocket[] | undefined): Holder[] {
  return [...holdersByPid(sockets, craftsTcp).values()].filter((h) => !isSystemNetworkDaemon(h.process, LINK_DAEMONS));
}

export function rawScanFinding(
  holder: Holder,
  traffic: { rate: number; inSegs: number; outSegs: number },
  targets: string[],
  s: OutboundScanSettings,
): Finding {
  const label = processLabel(holder.process);
  return finding({
    key: `out|${holder.process.name}`,
    severity: s.severity,
    title: `Outbound raw-socket scan by ${label}`,
    description: `${label} holds sockets that forge TCP (${holder.sockets.map(describeSocket).join(', ')}) while ${traffic.inSegs} TCP segments arrived that the TCP stack never asked for (${round(traffic.rate, 1)}/s): replies to a SYN scan${targets.length ? ` of ${targets.slice(0, 5).join(', ')}` : ''}.`,
    destination: targets.length === 1 && targets[0] ? { address: targets[0] } : undefined,
    process: holder.process,
    evidence: {
      direction: 'outbound',
      scanKind: 'raw',
      rawSockets: holder.sockets.map(describeSocket),
      unansweredSegmentsPerSec: round(traffic.rate, 1),
      tcpInSegsDelta: traffic.inSegs,
      tcpOutSegsDelta: traffic.outSegs,
      targetHosts: targets.slice(0, 50),
    },
  });
}

/** A burst of failed or opened active connections: this host is the one connecting. */
export function isConnectBurst(burst: KernelBurst, before: KernelCounters, after: KernelCounters): boolean {
  if (burst.deltas.tcpAttemptFails !== undefined) return true;
  const opened = after.tcpActiveOpens - before.tcpActiveOpens;
  return opened * 2 >= Math.max(...Object.values(burst.deltas));
}

/** Raw-capable processes seen within the last `keepMs`: a fast scan may exit before the tick that sees its replies counted. */
export type RecentScanners = Map<number, { holder: Holder; lastSeen: number }>;

export function rawScanEvidence(
  sockets: readonly LowLevelSocket[] | undefined,
  recent: RecentScanners,
  now: number,
  keepMs: number,
  counters: { before: KernelCounters | undefined; after: KernelCounters | undefined; intervalSec: number },
  targets: string[],
  settings: OutboundScanSettings,
): Finding[] {
  for (const holder of rawScanners(sockets)) recent.set(holder.process.pid, { holder, lastSeen: now });
  for (const [pid, entry] of recent) if (entry.lastSeen < now - keepMs || recent.size > 100) recent.delete(pid);
  const { before, after, intervalSec } = counters;
  if (!before || !after || recent.size === 0) return [];
  const traffic = unansweredSegments(before, after, intervalSec);
  if (!traffic || traffic.rate < settings.rawUnansweredRate) return [];
  return [...recent.values()].slice(0, 5).map(({ holder }) => rawScanFinding(holder, traffic, targets, settings));
}

/** The span over which a burst's socket churn and connection attempts are compared (this tick and the previous). */
export const CHURN_SPAN_MS = 2_000;

/** The actor a burst names: a tracked one, or one standing for the process the fd walk saw churning. */
type BurstActor = ReportedActor & Pick<OutboundActor, 'touches'>;

/** Who may stand behind a burst besides the tables' actors: the fd walk's churner, a process seen between ticks whose command line names a target. */
export interface BurstNamers {
  churner?: ChurnLeader | undefined;
  byCommandLine?: { process: ProcessRef; host: string } | undefined;
}

/**
 * The process named for a burst of failed or opened connects: the one with the most recent
 * outbound attempts seen in the tables, or the one the fd walk saw opening more sockets (a LAN's
 * refused probes never reach a table), or else a process gone before the tick whose command line
 * names a probed host.
 */
function burstActor(actors: OutboundActors, now: number, { churner, byCommandLine }: BurstNamers): [string, BurstActor, number] | undefined {
  let best: [string, BurstActor, number] | undefined;
  for (const [who, actor] of actors) {
    let recent = 0;
    for (const t of actor.touches.values()) if (t.time > now - CHURN_SPAN_MS) recent++;
    if (recent > 0 && (!best || recent > best[2])) best = [who, actor, recent];
  }
  const standIn = (process: ProcessRef, count: number): [string, BurstActor, number] => {
    const known = actors.get(process.name);
    return [process.name, { touches: known?.touches ?? new Map(), process, reported: known?.reported ?? 0 }, count];
  };
  // Over the same span, the process that opened more sockets than the busiest connecting one seen
  // in the tables is the scanner; ownerless connections ('?') name nobody.
  if (churner && (best?.[0] === '?' || churner.opened >= (best?.[2] ?? 0))) return standIn(churner.process, churner.opened);
  if (byCommandLine && (!best || best[0] === '?')) return standIn(byCommandLine.process, 0);
  return best;
}

export function connectBurstFinding(
  actors: OutboundActors,
  burst: KernelBurst,
  targets: string[],
  now: number,
  settings: OutboundScanSettings,
  namers: BurstNamers = {},
): Finding {
  const { churner, byCommandLine } = namers;
  const best = burstActor(actors, now, namers);
  const namedByCommandLine = byCommandLine !== undefined && best?.[1].process === byCommandLine.process;
  const actor: BurstActor = best?.[1] ?? { touches: new Map(), reported: 0 };
  const seen = [...actor.touches.keys()];
  // Connections whose owner was gone before the fd walk (TIME_WAIT of the ports that answered) are the scan's too.
  const ownerless = [...(actors.get('?')?.touches ?? [])].filter(([, t]) => t.time >= now - settings.windowMs).map(([target]) => target);
  const hosts = [...new Set([...seen, ...ownerless].map(hostOf).concat(targets))];
  const finding = outboundFinding(best?.[0] ?? '?', actor, { kind: 'fast', targets: seen }, settings, {
    ...Object.fromEntries(Object.entries(burst.deltas).map(([k, v]) => [`${k}Delta`, v])),
    intervalSec: burst.intervalSec,
    ...(churner ? { socketsOpenedBy: `${churner.process.name} (${churner.process.pid})`, socketsOpened: churner.opened } : {}),
    ...(namedByCommandLine ? { namedBy: `command line names ${byCommandLine.host}; the process exited or was young between two ticks` } : {}),
  });
  finding.title = `Outbound connect scan by ${processLabel(actor.process)}`;
  finding.description = `Burst of failed or opened outbound connections (${Object.entries(burst.rates)
    .map(([k, v]) => `${k} ${v}/s`)
    .join(
      ', ',
    )}) from this host${actor.process ? `, ${processLabel(actor.process)} the busiest connecting process` : ''}; targets: ${hosts.slice(0, 5).join(', ') || 'not seen'}.`;
  if (hosts.length === 1 && hosts[0]) finding.destination = { address: hosts[0] };
  finding.evidence.targetHosts = hosts.slice(0, 50);
  finding.evidence.distinctHosts = hosts.length;
  finding.occurrences = 1;
  return finding;
}

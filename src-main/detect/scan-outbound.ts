// This host scanning others: per-process connection attempts (connect scans, fast or slow) and
// raw-socket scans seen through the kernel's TCP counters.
import type { Connection, Finding, KernelCounters, LowLevelSocket, Severity } from '../../src-shared/model';
import { endpointText, processEvidence, processLabel } from './format';
import { craftsTcp, describeSocket, holdersByPid, isSystemNetworkDaemon, LINK_DAEMONS, type Holder } from './low-level-holders';
import type { KernelBurst } from './kernel-burst';
import { OutboundAttempts, type AttemptWindows } from './outbound-attempts';
import { round } from './stats';

export interface OutboundScanSettings {
  severity: Severity;
  /** Fast: distinct host:port targets in SYN_SENT within `windowMs` (80/443 count for a third). */
  distinctTargets: number;
  /** Fast: distinct ports on one host, any connection state, within `windowMs` (vertical scan). */
  portsPerHost: number;
  windowMs: number;
  /** Slow: distinct SYN_SENT targets off the web ports within `slowWindowMs` (one probe every 0.5–2 s). */
  slowDistinctTargets: number;
  slowWindowMs: number;
  /** Raw scans: TCP segments per second received without the TCP stack answering (replies to forged probes). */
  rawUnansweredRate: number;
  maxTracked: number;
}

export type OutboundActor = OutboundAttempts;
export type OutboundActors = Map<string, OutboundAttempts>;

function portOf(target: string): number {
  return Number(target.slice(target.lastIndexOf(':') + 1));
}

function hostOf(target: string): string {
  return target.slice(0, target.lastIndexOf(':'));
}

/** The actor's windows, from the rule's settings. */
export function attemptWindows(s: OutboundScanSettings): AttemptWindows {
  return { windowMs: s.windowMs, horizonMs: Math.max(s.windowMs, s.slowWindowMs), portsPerHost: s.portsPerHost, maxTargets: 20_000 };
}

/** Records a fresh outbound TCP connection of a process; returns the actor key. */
export function touchOutbound(actors: OutboundActors, c: Connection, now: number, s: OutboundScanSettings): string {
  const who = c.process?.name ?? '?';
  let actor = actors.get(who);
  if (!actor) {
    if (actors.size >= s.maxTracked) {
      const oldest = actors.keys().next().value;
      if (oldest !== undefined) actors.delete(oldest);
    }
    actor = new OutboundAttempts(now, attemptWindows(s));
    actors.set(who, actor);
  }
  actor.touch(endpointText(c.remoteAddress, c.remotePort), c.remoteAddress, c.remotePort, c.state === 'SYN_SENT', now);
  if (c.process) actor.process = c.process;
  return who;
}

/** Ages every actor's attempts (cost in proportion to what moved) and drops actors with none left. */
export function pruneOutbound(actors: OutboundActors, now: number): void {
  for (const [who, actor] of actors) {
    actor.advance(now);
    if (actor.size === 0) actors.delete(who);
  }
}

interface ScanShape {
  kind: 'fast' | 'vertical' | 'slow';
  /** Targets that count, known without listing them. */
  count: number;
  targets: () => string[];
}

/** Whether an actor's recent attempts look like a scan, and which ones count (from its running counts). */
export function scanShape(actor: OutboundActor, s: OutboundScanSettings): ScanShape | undefined {
  // A browser reaches many sites on 80/443: those count for a third.
  if (actor.fastWeight() >= s.distinctTargets) return { kind: 'fast', count: actor.recentSynCount(), targets: () => actor.recentSynTargets() };
  const vertical = actor.verticalHost();
  if (vertical) return { kind: 'vertical', count: vertical.ports, targets: () => actor.recentTargetsOf(vertical.host) };
  if (actor.slowSynCount() >= s.slowDistinctTargets) return { kind: 'slow', count: actor.slowSynCount(), targets: () => actor.slowSynTargets() };
  return undefined;
}

export function outboundFinding(who: string, actor: OutboundActor, shape: { kind: ScanShape['kind']; targets: string[] }, s: OutboundScanSettings, extra: Record<string, string | number> = {}): Finding {
  const hosts = [...new Set(shape.targets.map(hostOf))];
  const ports = new Set(shape.targets.map(portOf));
  const windowSec = (shape.kind === 'slow' ? s.slowWindowMs : s.windowMs) / 1000;
  const label = processLabel(actor.process);
  const occurrences = actor.reported === 0 ? shape.targets.length : Math.max(0, shape.targets.length - actor.reported);
  actor.reported = Math.max(actor.reported, shape.targets.length);
  return {
    key: `out|${who}`,
    severity: s.severity,
    title: `Outbound ${shape.kind === 'slow' ? 'slow ' : ''}scan by ${label}`,
    description: `${label} attempted ${shape.targets.length} connections to ${hosts.length} host(s) on ${ports.size} port(s) within ${windowSec} s: ${hosts.slice(0, 5).join(', ')}${hosts.length > 5 ? ' …' : ''}.`,
    ...(hosts.length === 1 && hosts[0] ? { destination: { address: hosts[0] } } : {}),
    ...(actor.process ? { process: actor.process } : {}),
    evidence: {
      direction: 'outbound', scanKind: shape.kind, distinctTargets: shape.targets.length, distinctHosts: hosts.length, distinctPorts: ports.size,
      targets: shape.targets.slice(0, 50), targetHosts: hosts.slice(0, 50), windowSec, ...extra, ...processEvidence(actor.process),
    },
    occurrences,
  };
}

/** TCP segments received that the stack did not answer, per second: what a raw scan's replies leave. */
export function unansweredSegments(before: KernelCounters, after: KernelCounters, intervalSec: number): { rate: number; inSegs: number; outSegs: number } | undefined {
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

export function rawScanFinding(holder: Holder, traffic: { rate: number; inSegs: number; outSegs: number }, targets: string[], s: OutboundScanSettings): Finding {
  const label = processLabel(holder.process);
  return {
    key: `out|${holder.process.name}`,
    severity: s.severity,
    title: `Outbound raw-socket scan by ${label}`,
    description: `${label} holds sockets that forge TCP (${holder.sockets.map(describeSocket).join(', ')}) while ${traffic.inSegs} TCP segments arrived that the TCP stack never asked for (${round(traffic.rate, 1)}/s): replies to a SYN scan${targets.length ? ` of ${targets.slice(0, 5).join(', ')}` : ''}.`,
    ...(targets.length === 1 && targets[0] ? { destination: { address: targets[0] } } : {}),
    process: holder.process,
    evidence: {
      direction: 'outbound', scanKind: 'raw', rawSockets: holder.sockets.map(describeSocket), unansweredSegmentsPerSec: round(traffic.rate, 1),
      tcpInSegsDelta: traffic.inSegs, tcpOutSegsDelta: traffic.outSegs, targetHosts: targets.slice(0, 50), ...processEvidence(holder.process),
    },
  };
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
  sockets: readonly LowLevelSocket[] | undefined, recent: RecentScanners, now: number, keepMs: number,
  counters: { before: KernelCounters | undefined; after: KernelCounters | undefined; intervalSec: number },
  targets: string[], settings: OutboundScanSettings,
): Finding[] {
  for (const holder of rawScanners(sockets)) recent.set(holder.process.pid, { holder, lastSeen: now });
  for (const [pid, entry] of recent) if (entry.lastSeen < now - keepMs || recent.size > 100) recent.delete(pid);
  const { before, after, intervalSec } = counters;
  if (!before || !after || recent.size === 0) return [];
  const traffic = unansweredSegments(before, after, intervalSec);
  if (!traffic || traffic.rate < settings.rawUnansweredRate) return [];
  return [...recent.values()].slice(0, 5).map(({ holder }) => rawScanFinding(holder, traffic, targets, settings));
}

/** The process with the most recent outbound attempts, named for a burst of failed connects. */
export function connectBurstFinding(actors: OutboundActors, burst: KernelBurst, targets: string[], now: number, settings: OutboundScanSettings): Finding {
  let best: [string, OutboundActor, number] | undefined;
  for (const [who, actor] of actors) {
    const recent = actor.recentCount;
    if (recent > 0 && (!best || recent > best[2])) best = [who, actor, recent];
  }
  const actor: OutboundActor = best?.[1] ?? new OutboundAttempts(now, attemptWindows(settings));
  const seen = actor.targets();
  const hosts = [...new Set([...seen.map((t) => t.slice(0, t.lastIndexOf(':'))), ...targets])];
  const finding = outboundFinding(best?.[0] ?? '?', actor, { kind: 'fast', targets: seen }, settings, {
    ...Object.fromEntries(Object.entries(burst.deltas).map(([k, v]) => [`${k}Delta`, v])),
    intervalSec: burst.intervalSec,
  });
  finding.title = `Outbound connect scan by ${processLabel(actor.process)}`;
  finding.description = `Burst of failed or opened outbound connections (${Object.entries(burst.rates).map(([k, v]) => `${k} ${v}/s`).join(', ')}) from this host${actor.process ? `, ${processLabel(actor.process)} the busiest connecting process` : ''}; targets: ${hosts.slice(0, 5).join(', ') || 'not seen'}.`;
  finding.evidence.targetHosts = hosts.slice(0, 50);
  finding.evidence.distinctHosts = hosts.length;
  finding.occurrences = 1;
  return finding;
}

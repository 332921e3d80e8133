import { attackTechnique } from '../../../src-shared/attack';
import type { Alert, Connection, Finding, HostSnapshot, ProcessRef, Severity } from '../../../src-shared/model';
import { ConnectionTracker, connectionKey, freshConnections, inboundTest } from '../connection-tracker';
import { finding, processLabel } from '../format';
import type { Rule, RuleContext, ThresholdSpecs } from '../types';
import { ADMIN_SERVICE_PORTS } from '../../../src-shared/ports';
import { getOrAddBounded } from '../../../src-shared/bounded-map';

/** ATT&CK T1021; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const REMOTE_SERVICES = attackTechnique(
  'T1021',
  'Remote Services',
  ['Lateral Movement'],
  'Review the admin sessions opened by the process, confirm the user intended them, and restrict remote administration to jump hosts.',
);

export interface RemoteServicesConfig {
  enabled: boolean;
  severity: Severity;
  /** Admin-protocol ports, each with its service name. */
  adminPorts: Record<number, string>;
  /** Distinct internal hosts one process must reach on admin ports … */
  minHosts: number;
  /** … within this window. */
  windowMs: number;
  maxTracked: number;
}

export const DEFAULT_REMOTE_SERVICES_CONFIG: RemoteServicesConfig = {
  enabled: true,
  severity: 'CRITICAL',
  adminPorts: { ...ADMIN_SERVICE_PORTS },
  minHosts: 3,
  windowMs: 10 * 60_000,
  maxTracked: 5_000,
};

interface Actor {
  /** host → { last time, ports } */
  hosts: Map<string, { first: number; time: number; ports: Set<number> }>;
  pids: Set<number>;
  process?: ProcessRef;
  reported: number;
}

interface RemoteServicesState {
  tracker: ConnectionTracker;
  actors: Map<string, Actor>;
  /** Attempts first seen in SYN_SENT, by 5-tuple: a session only once the peer answered. */
  pending: Map<string, { connection: Connection; since: number }>;
}

/** How long an unanswered attempt waits for its handshake before it is forgotten (a probe, not a session). */
const PENDING_MS = 30_000;
const MAX_PENDING = 5_000;

/**
 * Admin-port connections that became sessions this tick: fresh ones past the handshake, plus
 * earlier SYN_SENT attempts now answered. Probes that never complete (a scan of dead hosts, a
 * firewalled port) never count.
 */
function answeredAttempts(fresh: readonly Connection[], all: readonly Connection[], pending: RemoteServicesState['pending'], now: number): Connection[] {
  const sessions: Connection[] = [];
  if (pending.size > 0) {
    const current = new Map<string, Connection>();
    for (const c of all)
      if (c.protocol === 'tcp' && c.state !== 'SYN_SENT') {
        const key = connectionKey(c);
        if (pending.has(key)) current.set(key, c);
      }
    for (const [key, entry] of pending) {
      const answered = current.get(key);
      if (answered) sessions.push({ ...answered, process: answered.process ?? entry.connection.process });
      if (answered || entry.since < now - PENDING_MS) pending.delete(key);
    }
  }
  for (const c of fresh) {
    if (c.state !== 'SYN_SENT') sessions.push(c);
    else if (pending.size < MAX_PENDING) pending.set(connectionKey(c), { connection: c, since: now });
  }
  return sessions;
}

/** A process this host's network-scan rule already reports as scanning: its probes belong to that alert. */
function scanningProcesses(alerts: ReadonlyMap<string, Alert> | undefined, since: number): Set<string> {
  const names = new Set<string>();
  for (const alert of alerts?.values() ?? []) {
    if (alert.ruleId === 'network-scan' && alert.evidence.direction === 'outbound' && alert.lastSeen >= since && alert.process) names.add(alert.process.name);
  }
  return names;
}

/** What a user may tune, with bounds (the settings schema is built from this). */
export const REMOTE_SERVICES_THRESHOLDS: ThresholdSpecs<RemoteServicesConfig> = {
  minHosts: { min: 2, max: 10_000, integer: true, unit: 'count', label: 'Distinct internal hosts one process reaches on admin ports' },
  windowMs: { min: 1_000, max: 86_400_000, integer: true, unit: 'ms', label: 'Sliding window for the host count' },
};

/** The alert for an actor that reached minHosts internal hosts on admin ports. */
function lateralFinding(who: string, actor: Actor, occurrences: number, adminPorts: ReadonlyMap<number, string>, config: RemoteServicesConfig): Finding {
  const hosts = [...actor.hosts.entries()];
  const services = [...new Set(hosts.flatMap(([, e]) => [...e.ports].map((p) => adminPorts.get(p) ?? String(p))))];
  const last = hosts[hosts.length - 1];
  return finding({
    key: who,
    severity: config.severity,
    title: `Lateral movement: ${processLabel(actor.process)} reached ${hosts.length} internal hosts on admin ports`,
    description: `${processLabel(actor.process)} opened ${services.join('/')} sessions to ${hosts.length} internal hosts within ${config.windowMs / 60_000} min: ${hosts.map(([h]) => h).join(', ')}.`,
    destination: last ? { address: last[0], port: [...last[1].ports][0] as number } : undefined,
    process: actor.process,
    evidence: {
      hosts: hosts.map(([h, e]) => `${h} (${[...e.ports].join(',')})`),
      hostCount: hosts.length,
      services,
      pids: [...actor.pids],
      windowSec: config.windowMs / 1000,
      firstContact: new Date(Math.min(...hosts.map(([, e]) => e.first))).toISOString(),
      lastContact: new Date(Math.max(...hosts.map(([, e]) => e.time))).toISOString(),
    },
    occurrences,
  });
}

/** Records this tick's answered admin sessions to internal hosts per actor; returns the actors touched. */
function recordSessions(
  snapshot: HostSnapshot,
  state: RemoteServicesState,
  context: RuleContext,
  adminPorts: ReadonlyMap<number, string>,
  config: RemoteServicesConfig,
): Set<string> {
  const { homeNet, now } = context;
  const isServerSide = inboundTest(snapshot);
  const touched = new Set<string>();
  const candidates = freshConnections(snapshot, state.tracker, context).filter(
    (c) =>
      c.protocol === 'tcp' && adminPorts.has(c.remotePort) && !isServerSide(c) && homeNet.isInternal(c.remoteAddress) && !homeNet.isLocalHost(c.remoteAddress),
  );
  for (const c of answeredAttempts(candidates, snapshot.connections, state.pending, now)) {
    // Grouped by program name and parent: a shell loop of `ssh host` commands is many pids of
    // one program under one parent, while an admin's separate terminals are separate actors.
    const who = c.process ? `${c.process.name}|${c.process.ppid ?? '?'}` : '?';
    const actor = getOrAddBounded(state.actors, who, config.maxTracked, (): Actor => ({ hosts: new Map(), pids: new Set(), reported: 0 }));
    const host = actor.hosts.get(c.remoteAddress) ?? { first: now, time: now, ports: new Set<number>() };
    host.time = now;
    host.ports.add(c.remotePort);
    actor.hosts.set(c.remoteAddress, host);
    if (c.process) {
      actor.process = c.process;
      if (actor.pids.size < 50) actor.pids.add(c.process.pid);
    }
    touched.add(who);
  }
  return touched;
}

/** Drops hosts last reached before the window, and actors left with none. */
function forgetOldHosts(state: RemoteServicesState, config: RemoteServicesConfig, now: number): void {
  const cutoff = now - config.windowMs;
  for (const [who, actor] of state.actors) {
    for (const [host, entry] of actor.hosts) if (entry.time < cutoff) actor.hosts.delete(host);
    if (actor.hosts.size === 0) state.actors.delete(who);
    else if (actor.hosts.size < config.minHosts) actor.reported = 0;
  }
}

function evaluateRemoteServices(
  snapshot: HostSnapshot,
  state: RemoteServicesState,
  context: RuleContext,
  adminPorts: ReadonlyMap<number, string>,
  config: RemoteServicesConfig,
): Finding[] {
  const { now } = context;
  const touched = recordSessions(snapshot, state, context, adminPorts, config);
  forgetOldHosts(state, config, now);
  const findings: Finding[] = [];
  let scanners: Set<string> | undefined;
  for (const who of touched) {
    const actor = state.actors.get(who);
    if (!actor || actor.hosts.size < config.minHosts || actor.hosts.size <= actor.reported) continue;
    scanners ??= scanningProcesses(context.alerts, now - config.windowMs);
    if (actor.process && scanners.has(actor.process.name)) continue;
    const occurrences = actor.reported === 0 ? actor.hosts.size : actor.hosts.size - actor.reported;
    actor.reported = actor.hosts.size;
    findings.push(lateralFinding(who, actor, occurrences, adminPorts, config));
  }
  return findings;
}

export function remoteServicesRule(overrides: Partial<RemoteServicesConfig> = {}): Rule<RemoteServicesState, RemoteServicesConfig> {
  const config = { ...DEFAULT_REMOTE_SERVICES_CONFIG, ...overrides };
  const adminPorts = new Map(Object.entries(config.adminPorts).map(([port, name]) => [Number(port), name]));
  return {
    id: 'remote-services',
    technique: REMOTE_SERVICES,
    defaultSeverity: config.severity,
    summary: `One process opening answered admin-protocol sessions (SSH, Telnet, RPC, SMB, RDP, WinRM, VNC) to ${config.minHosts}+ internal hosts within ${config.windowMs / 60_000} min (unanswered probes and a process already reported as scanning are left to network-scan).`,
    readme: {
      needs: ['sockets', 'owners'],
      detects:
        "One process opening admin sessions (SSH, RDP, SMB, WinRM, VNC, Telnet, RPC) to ≥ 3 internal hosts within 10 min, once each handshake was answered (a scan's probes to dead hosts, or a process network-scan already reports, are not lateral movement)",
    },
    config,
    thresholds: REMOTE_SERVICES_THRESHOLDS,
    createState: () => ({ tracker: new ConnectionTracker(), actors: new Map(), pending: new Map() }),
    evaluate(snapshot, state, context) {
      return evaluateRemoteServices(snapshot, state, context, adminPorts, config);
    },
  };
}

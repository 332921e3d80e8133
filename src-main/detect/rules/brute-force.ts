import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, ProcessRef, Severity } from '../../../src-shared/model';
import { isLoopback } from '../../../src-shared/net';
import { ConnectionTracker, freshConnections, inboundTest } from '../connection-tracker';
import { finding, isoTime, processLabel } from '../format';
import { baseName } from '../process-names';
import { round } from '../../../src-shared/stats';
import type { Rule, RuleContext } from '../types';
import { BoundedMap } from '../../../src-shared/bounded-map';
import { BruteForceMemory, shortAttempts, type Attempt, type Target } from './brute-force-attempts';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1110; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const BRUTE_FORCE = attackTechnique(
  'T1110',
  'Brute Force',
  ['Credential Access'],
  "Many short logins to one service mean password guessing: block the source, check the service's auth log for a success among the attempts, rate-limit or lock out, and require keys or MFA.",
);

export interface BruteForceConfig {
  enabled: boolean;
  severity: Severity;
  /** Login services by port. */
  authPorts: Record<number, string>;
  /** Ports where many short connections are normal (web): they need `webMinAttempts`. */
  webPorts: number[];
  /** Listening daemons that take logins on any port (sshd on 2222 …). */
  authDaemons: string[];
  /** Login clients by program name: their connections are login attempts on any port (ssh to 2222 …). */
  authClients: Record<string, string>;
  /** Short connections to one service from one side within the window … */
  minAttempts: number;
  webMinAttempts: number;
  /** … where "short" means closed within this many ms of being first seen. */
  shortMs: number;
  windowMs: number;
  /** Inbound, spread over many sources: distinct peers and total short connections to one local service. */
  distributedMinPeers: number;
  distributedMinAttempts: number;
  maxTracked: number;
}

export const DEFAULT_BRUTE_FORCE_CONFIG: BruteForceConfig = {
  enabled: true,
  severity: 'HIGH',
  authPorts: {
    21: 'FTP',
    22: 'SSH',
    23: 'Telnet',
    25: 'SMTP',
    110: 'POP3',
    143: 'IMAP',
    389: 'LDAP',
    445: 'SMB',
    465: 'SMTPS',
    587: 'SMTP submission',
    993: 'IMAPS',
    995: 'POP3S',
    1433: 'MSSQL',
    3306: 'MySQL',
    3389: 'RDP',
    5432: 'PostgreSQL',
    5900: 'VNC',
    5985: 'WinRM',
    6379: 'Redis',
    80: 'HTTP',
    443: 'HTTPS',
    8080: 'HTTP',
    8443: 'HTTPS',
  },
  webPorts: [80, 443, 8080, 8443],
  authDaemons: ['sshd', 'dropbear', 'vsftpd', 'proftpd', 'pure-ftpd', 'xrdp', 'smbd', 'telnetd', 'in.telnetd'],
  authClients: {
    ssh: 'SSH',
    dbclient: 'SSH',
    plink: 'SSH',
    sshpass: 'SSH',
    telnet: 'Telnet',
    ftp: 'FTP',
    lftp: 'FTP',
    smbclient: 'SMB',
    xfreerdp: 'RDP',
    rdesktop: 'RDP',
    mysql: 'MySQL',
    mariadb: 'MySQL',
    psql: 'PostgreSQL',
    'redis-cli': 'Redis',
  },
  minAttempts: 10,
  webMinAttempts: 60,
  shortMs: 15_000,
  windowMs: 120_000,
  distributedMinPeers: 3,
  distributedMinAttempts: 20,
  maxTracked: 5_000,
};

interface BruteForceState {
  tracker: ConnectionTracker;
  memory: BruteForceMemory;
  reportedServices: Map<number, number>;
  /** `remote|port` endpoints a login client was seen connecting to, with the client's service. */
  clientEndpoints: BoundedMap<string, string>;
}

function listenerPorts(snapshot: HostSnapshot, daemons: ReadonlySet<string>): Set<number> {
  const ports = new Set<number>();
  for (const l of snapshot.listening) if (l.protocol === 'tcp' && l.process && daemons.has(baseName(l.process.name))) ports.add(l.port);
  return ports;
}

/** The config's lists as lookups, built once per rule. */
interface LoginServices {
  authPorts: Map<number, string>;
  webPorts: Set<number>;
  daemons: Set<string>;
  /** Login client program → its service. */
  clients: Map<string, string>;
}

function loginServices(config: BruteForceConfig): LoginServices {
  return {
    authPorts: new Map(Object.entries(config.authPorts).map(([p, name]) => [Number(p), name])),
    webPorts: new Set(config.webPorts),
    daemons: new Set(config.authDaemons.map(baseName)),
    clients: new Map(Object.entries(config.authClients).map(([name, service]) => [baseName(name), service])),
  };
}

function serviceName(services: LoginServices, port: number, endpoint?: string, state?: BruteForceState): string {
  return services.authPorts.get(port) ?? (endpoint !== undefined ? state?.clientEndpoints.get(endpoint) : undefined) ?? `port ${port}`;
}

/** A login client's connection marks its endpoint; later ownerless ones (TIME_WAIT) to it count too. */
function clientLogin(services: LoginServices, c: Connection, port: number, state: BruteForceState): boolean {
  const endpoint = `${c.remoteAddress}|${port}`;
  const service = c.process ? services.clients.get(baseName(c.process.name)) : undefined;
  if (service !== undefined) state.clientEndpoints.set(endpoint, service);
  return service !== undefined || state.clientEndpoints.has(endpoint);
}

/** Records this tick's fresh connections to login services as attempts, and ages the memory. */
function recordAttempts(snapshot: HostSnapshot, state: BruteForceState, context: RuleContext, services: LoginServices): void {
  const { now, homeNet } = context;
  const isServerSide = inboundTest(snapshot);
  const daemonPorts = listenerPorts(snapshot, services.daemons);
  for (const c of freshConnections(snapshot, state.tracker, context)) {
    if (c.protocol !== 'tcp' || isLoopback(c.remoteAddress)) continue;
    const inbound = isServerSide(c);
    const port = inbound ? c.localPort : c.remotePort;
    // Inbound web traffic is many short connections by nature: only login daemons count there.
    const loginService = inbound
      ? daemonPorts.has(port) || (services.authPorts.has(port) && !services.webPorts.has(port))
      : services.authPorts.has(port) || clientLogin(services, c, port, state);
    if (!loginService || (!inbound && homeNet.isLocalHost(c.remoteAddress))) continue;
    state.memory.record(c, inbound, port, now);
  }
  state.memory.closeGone(snapshot.connections, now);
  state.memory.expire(now);
}

/** Findings for the targets whose attempts changed (only those can change verdict), then per changed inbound port. */
function bruteForceFindings(state: BruteForceState, config: BruteForceConfig, services: LoginServices): Finding[] {
  const needed = (t: Target): number => (t.direction === 'outbound' && services.webPorts.has(t.port) ? config.webMinAttempts : config.minAttempts);
  const findings: Finding[] = [];
  const changedPorts = new Set<number>();
  for (const target of state.memory.takeChanged()) {
    if (target.direction === 'inbound') changedPorts.add(target.port);
    if (target.removed) continue;
    if (target.short < needed(target)) {
      target.reported = 0;
      continue;
    }
    if (target.short <= target.reported) continue;
    const service = serviceName(services, target.port, `${target.peer}|${target.port}`, state);
    findings.push(targetFinding(target, shortAttempts(target, config.shortMs), service, config));
    target.reported = target.short;
  }
  for (const port of changedPorts) {
    const targets = state.memory.inboundByPort.get(port);
    const finding = targets ? distributedFinding(port, [...targets], state, serviceName(services, port), config) : undefined;
    if (finding) findings.push(finding);
  }
  return findings;
}

export function bruteForceRule(overrides: Partial<BruteForceConfig> = {}): Rule<BruteForceState, BruteForceConfig> {
  const config = { ...DEFAULT_BRUTE_FORCE_CONFIG, ...overrides };
  const services = loginServices(config);
  return {
    id: 'brute-force',
    technique: BRUTE_FORCE,
    defaultSeverity: config.severity,
    summary: `${config.minAttempts}+ short connections (closed within ${config.shortMs / 1000} s) within ${config.windowMs / 1000} s from one process to one login service (SSH, RDP, SMB, FTP …; ${config.webMinAttempts}+ for web ports), or from one or many peers to this host's own login service.`,
    readme: {
      needs: ['sockets', 'owners'],
      detects:
        "Brute force: ≥ 10 short connections (closed within 15 s) in 2 min from one process to one login service (SSH, RDP, SMB, FTP, mail, databases; ≥ 60 on web ports; any port for login clients such as ssh, sshpass, telnet, mysql or xfreerdp, one process per attempt summed by endpoint), or from one peer (or ≥ 3 peers, ≥ 20 in all) to this host's own login daemon",
    },
    config,
    createState: () => ({
      tracker: new ConnectionTracker(),
      memory: new BruteForceMemory(config),
      reportedServices: new Map(),
      clientEndpoints: new BoundedMap<string, string>(config.maxTracked),
    }),
    evaluate(snapshot, state, context) {
      recordAttempts(snapshot, state, context, services);
      return bruteForceFindings(state, config, services);
    },
  };
}

/** The process that made most of the attempts, when the owners were seen. */
function mainProcess(target: Target, attempts: readonly Attempt[]): ProcessRef | undefined {
  const counts = new Map<number, number>();
  for (const a of attempts) if (a.pid !== undefined) counts.set(a.pid, (counts.get(a.pid) ?? 0) + 1);
  const [pid] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0] ?? [];
  return pid === undefined ? undefined : target.processes.get(pid);
}

function timing(attempts: readonly Attempt[]): { first: number; last: number; perMin: number } {
  const first = Math.min(...attempts.map((a) => a.opened));
  const last = Math.max(...attempts.map((a) => a.opened));
  const minutes = Math.max((last - first) / 60_000, 1 / 60);
  return { first, last, perMin: round(attempts.length / minutes, 1) };
}

function targetFinding(target: Target, short: Attempt[], service: string, config: BruteForceConfig): Finding {
  const t = timing(short);
  const p = target.direction === 'outbound' ? mainProcess(target, short) : undefined;
  const remote = formatEndpoint(target.peer, target.direction === 'outbound' ? target.port : undefined);
  const outbound = target.direction === 'outbound';
  return finding({
    key: `${target.direction}|${target.peer}|${target.port}`,
    severity: config.severity,
    title: outbound ? `${service} brute force by ${processLabel(p)} against ${remote}` : `${service} brute force from ${target.peer} against this host`,
    description: outbound
      ? `${processLabel(p)} opened ${short.length} short ${service} connections to ${remote} in ${round((t.last - t.first) / 1000, 1)} s (${t.perMin}/min): password guessing.`
      : `${target.peer} opened ${short.length} short connections to this host's ${service} (port ${target.port}) in ${round((t.last - t.first) / 1000, 1)} s (${t.perMin}/min): password guessing.`,
    source: outbound ? undefined : { address: target.peer },
    destination: outbound ? { address: target.peer, port: target.port } : { address: target.localAddress, port: target.port },
    process: p,
    // Inbound: the attacker is a peer, not a process of this host.
    processFields: outbound,
    evidence: {
      direction: target.direction,
      service,
      port: target.port,
      shortConnections: short.length,
      attempts: target.attempts.size,
      perMinute: t.perMin,
      firstAttempt: isoTime(t.first),
      lastAttempt: isoTime(t.last),
      windowSec: config.windowMs / 1000,
      pids: [...target.processes.keys()].slice(0, 20),
      ...(outbound ? {} : { attacker: target.peer }),
    },
    occurrences: short.length - target.reported,
  });
}

/** Many peers, each below the per-source threshold, guessing at one local service. */
function distributedFinding(port: number, targets: Target[], state: BruteForceState, service: string, config: BruteForceConfig): Finding | undefined {
  const perPeer = targets.map((t) => ({ peer: t.peer, short: shortAttempts(t, config.shortMs) })).filter((x) => x.short.length > 0);
  const total = perPeer.reduce((sum, x) => sum + x.short.length, 0);
  if (perPeer.length < config.distributedMinPeers || total < config.distributedMinAttempts) {
    state.reportedServices.delete(port);
    return undefined;
  }
  const reported = state.reportedServices.get(port) ?? 0;
  if (total <= reported) return undefined;
  state.reportedServices.set(port, total);
  const t = timing(perPeer.flatMap((x) => x.short));
  const top = perPeer.sort((a, b) => b.short.length - a.short.length).slice(0, 20);
  return finding({
    key: `distributed|${port}`,
    severity: config.severity,
    title: `Distributed ${service} brute force against this host from ${perPeer.length} sources`,
    description: `${perPeer.length} sources opened ${total} short connections to this host's ${service} (port ${port}) (${t.perMin}/min).`,
    source: top[0] ? { address: top[0].peer } : undefined,
    destination: { address: targets[0]?.localAddress ?? '', port },
    processFields: false,
    evidence: {
      direction: 'inbound',
      service,
      port,
      sources: top.map((x) => `${x.peer} (${x.short.length})`),
      sourceCount: perPeer.length,
      shortConnections: total,
      perMinute: t.perMin,
      firstAttempt: isoTime(t.first),
      lastAttempt: isoTime(t.last),
      windowSec: config.windowMs / 1000,
    },
    occurrences: total - reported,
  });
}

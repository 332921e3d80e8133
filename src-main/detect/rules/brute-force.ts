import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, Severity } from '../../../src-shared/model';
import { isLoopback } from '../../../src-shared/net';
import { ConnectionTracker, freshConnections, inboundTest } from '../connection-tracker';
import { baseName } from '../process-names';
import type { Rule, RuleContext } from '../types';
import { BoundedMap } from '../../../src-shared/bounded-map';
import { BruteForceMemory, shortAttempts, type Target } from './brute-force-attempts';
import { distributedFinding, targetFinding } from './brute-force-findings';
import { CHURN_MIN_SEEN, DaemonChurn } from './brute-force-churn';

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
  churn: DaemonChurn;
  /** Local port → the login daemon last seen listening there (sshd on 2022 is still SSH). */
  daemonNames: BoundedMap<number, string>;
}

/** This host's TCP ports where a login daemon listens, with the daemon's pid; remembers each daemon's name. */
function daemonListeners(snapshot: HostSnapshot, daemons: ReadonlySet<string>, names: BoundedMap<number, string>): Map<number, number> {
  const ports = new Map<number, number>();
  for (const l of snapshot.listening) {
    if (l.protocol !== 'tcp' || !l.process) continue;
    const name = baseName(l.process.name);
    if (!daemons.has(name)) continue;
    ports.set(l.port, l.process.pid);
    names.set(l.port, name);
  }
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

/** The service a target's port offers: the configured name, else the login client's (outbound) or daemon's (inbound). */
function serviceName(services: LoginServices, state: BruteForceState, target: { direction: 'inbound' | 'outbound'; port: number; peer: string }): string {
  const seen = target.direction === 'inbound' ? state.daemonNames.get(target.port) : state.clientEndpoints.get(`${target.peer}|${target.port}`);
  return services.authPorts.get(target.port) ?? seen ?? `port ${target.port}`;
}

const inboundService = (services: LoginServices, state: BruteForceState, port: number): string =>
  serviceName(services, state, { direction: 'inbound', port, peer: '' });

/** A login client's connection marks its endpoint; later ownerless ones (TIME_WAIT) to it count too. */
function clientLogin(services: LoginServices, c: Connection, port: number, state: BruteForceState): boolean {
  const endpoint = `${c.remoteAddress}|${port}`;
  const service = c.process ? services.clients.get(baseName(c.process.name)) : undefined;
  if (service !== undefined) state.clientEndpoints.set(endpoint, service);
  return service !== undefined || state.clientEndpoints.has(endpoint);
}

/** Records this tick's fresh connections to login services as attempts, and ages the memory. */
function recordAttempts(
  snapshot: HostSnapshot,
  state: BruteForceState,
  context: RuleContext,
  services: LoginServices,
  daemonPorts: ReadonlyMap<number, number>,
): void {
  const { now, homeNet } = context;
  const isServerSide = inboundTest(snapshot);
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
      if (!target.corroborated) target.reported = 0;
      continue;
    }
    if (target.short <= target.reported) continue;
    findings.push(targetFinding(target, shortAttempts(target, config.shortMs), serviceName(services, state, target), config));
    target.reported = target.short;
  }
  for (const port of changedPorts) {
    const targets = state.memory.inboundByPort.get(port);
    const finding = targets ? distributedFinding(port, [...targets], state.reportedServices, inboundService(services, state, port), config) : undefined;
    if (finding) findings.push(finding);
  }
  return findings;
}

/** Inbound guessing seen only in part, corroborated by the login daemon's session churn. */
function churnFindings(state: BruteForceState, config: BruteForceConfig, services: LoginServices): Finding[] {
  const findings: Finding[] = [];
  for (const port of state.churn.churningPorts()) {
    const seen = [...(state.memory.inboundByPort.get(port) ?? [])].filter((t) => !t.removed && t.short > 0);
    const [target] = seen;
    if (seen.length !== 1 || !target || target.short < CHURN_MIN_SEEN || target.short >= config.minAttempts || target.short <= target.reported) continue;
    findings.push(targetFinding(target, shortAttempts(target, config.shortMs), inboundService(services, state, port), config, state.churn.endedTicks(port)));
    target.reported = target.short;
    target.corroborated = true;
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
    summary: `${config.minAttempts}+ short connections (closed within ${config.shortMs / 1000} s) within ${config.windowMs / 1000} s from one process to one login service (SSH, RDP, SMB, FTP …; ${config.webMinAttempts}+ for web ports), or from one or many peers to this host's own login service (fewer when the login daemon keeps ending sessions between ticks and only that peer is seen).`,
    readme: {
      needs: ['sockets', 'owners', 'processes'],
      detects:
        "Brute force: ≥ 10 short connections (closed within 15 s) in 2 min from one process to one login service (SSH, RDP, SMB, FTP, mail, databases; ≥ 60 on web ports; any port for login clients such as ssh, sshpass, telnet, mysql or xfreerdp, one process per attempt summed by endpoint), or from one peer (or ≥ 3 peers, ≥ 20 in all) to this host's own login daemon; or ≥ 2 from the only peer seen on a login daemon's port while the daemon ended sessions at ≥ 6 ticks of the window (its reaped-children count moved: connections that opened and closed between ticks)",
    },
    config,
    createState: () => ({
      tracker: new ConnectionTracker(),
      memory: new BruteForceMemory(config),
      reportedServices: new Map(),
      clientEndpoints: new BoundedMap<string, string>(config.maxTracked),
      churn: new DaemonChurn(),
      daemonNames: new BoundedMap<number, string>(256),
    }),
    evaluate(snapshot, state, context) {
      const daemonPorts = daemonListeners(snapshot, services.daemons, state.daemonNames);
      recordAttempts(snapshot, state, context, services, daemonPorts);
      state.churn.observe(snapshot, daemonPorts, context.now, config.windowMs);
      return [...bruteForceFindings(state, config, services), ...churnFindings(state, config, services)];
    },
  };
}

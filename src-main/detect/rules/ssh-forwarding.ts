// T1572 Protocol Tunneling: ssh clients (OpenSSH, dropbear's dbclient, autossh, plink) started
// with forwarding options: -L/-R/-D/-w, -o LocalForward/RemoteForward/DynamicForward/Tunnel, or a
// ProxyCommand through nc/socat. Reported once per process, with the forward's ends and the server.
import { attackTechnique } from '../../../src-shared/attack';
import type { Finding, HostSnapshot, ProcessInfo, Severity } from '../../../src-shared/model';
import { SEVERITY_RANK, toProcessRef } from '../../../src-shared/model';
import { hasPeer } from '../connection-tracker';
import { finding, processLabel } from '../format';
import { baseName } from '../process-names';
import type { Rule } from '../types';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1572; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const PROTOCOL_TUNNELING = attackTechnique(
  'T1572',
  'Protocol Tunneling',
  ['Command and Control'],
  'Find who started the tunnel and what it forwards; stop it if unsanctioned, block the far end, and disable forwarding (AllowTcpForwarding, PermitTunnel) where it is not needed.',
);

export interface SshForwardingConfig {
  enabled: boolean;
  /** Remote forwards (-R) and tun devices (-w): this host's services exposed to the far side. */
  severity: Severity;
  /** Local (-L) and dynamic SOCKS (-D) forwards, ProxyCommand through a relay tool. */
  forwardSeverity: Severity;
  /** Client programs that take OpenSSH's forwarding options. */
  clients: string[];
  maxTracked: number;
}

export const DEFAULT_SSH_FORWARDING_CONFIG: SshForwardingConfig = {
  enabled: true,
  severity: 'HIGH',
  forwardSeverity: 'MEDIUM',
  clients: ['ssh', 'autossh', 'dbclient', 'plink', 'slogin'],
  maxTracked: 5_000,
};

/** 'listening': no forwarding option on the command line, yet the client listens (LocalForward/DynamicForward from a config file). */
export type ForwardKind = 'local' | 'remote' | 'dynamic' | 'tun' | 'proxy-command' | 'stdio' | 'listening';

export interface Forward {
  kind: ForwardKind;
  spec: string;
}

export interface SshCommand {
  forwards: Forward[];
  /** `user@host` as given, when found. */
  destination?: string;
  /** -g: forwarded ports accept connections from other hosts. */
  gatewayPorts: boolean;
}

/** OpenSSH options that take an argument (`ssh -h`). */
const WITH_ARGUMENT = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));
const FORWARD_FLAGS: Record<string, ForwardKind> = { L: 'local', R: 'remote', D: 'dynamic', w: 'tun', W: 'stdio' };
const FORWARD_OPTIONS: Record<string, ForwardKind> = {
  localforward: 'local',
  remoteforward: 'remote',
  dynamicforward: 'dynamic',
  tunnel: 'tun',
  proxycommand: 'proxy-command',
};
const RELAY_TOOLS = /(^|[\s/'"=])(nc|ncat|netcat|nc\.openbsd|nc\.traditional|socat|connect-proxy|corkscrew|proxytunnel)(\s|$)/;

/** Parses an ssh command line (argv joined by spaces) for forwarding options. */
export function parseSshCommand(cmdline: string): SshCommand {
  const args = cmdline.trim().split(/\s+/).slice(1);
  const result: SshCommand = { forwards: [], gatewayPorts: false };
  for (let i = 0; i < args.length && result.forwards.length < 32; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-') || arg === '-') {
      result.destination = arg;
      break;
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j] as string;
      if (flag === 'g') result.gatewayPorts = true;
      if (!WITH_ARGUMENT.has(flag)) continue;
      const value = j + 1 < arg.length ? arg.slice(j + 1) : (args[++i] ?? '');
      if (FORWARD_FLAGS[flag]) result.forwards.push({ kind: FORWARD_FLAGS[flag], spec: value });
      if (flag === 'o') i = option(value, args, i, result);
      break;
    }
  }
  return result;
}

/** `-o Key=value` or `-o Key value…` (argv joined by spaces loses the quoting). Returns the last index used. */
function option(value: string, args: string[], i: number, result: SshCommand): number {
  const eq = value.indexOf('=');
  const key = (eq >= 0 ? value.slice(0, eq) : value).toLowerCase();
  const kind = FORWARD_OPTIONS[key];
  if (!kind) return i;
  let rest = eq >= 0 ? value.slice(eq + 1) : '';
  let next = i;
  // Values without '=' continue in the next words: one or two for forwards, the rest of the command for ProxyCommand.
  const fields = kind === 'dynamic' || kind === 'tun' ? 1 : 2; // LocalForward/RemoteForward: port host:hostport
  const words = kind === 'proxy-command' ? Infinity : fields - (rest ? rest.split(/\s+/).length : 0);
  for (let n = 0; n < words && next + 1 < args.length && !(kind === 'proxy-command' && (args[next + 1] as string).startsWith('-o')); n++) {
    rest = `${rest} ${args[++next] as string}`.trim();
  }
  if (kind === 'proxy-command') {
    if (RELAY_TOOLS.test(` ${rest} `)) result.forwards.push({ kind, spec: rest });
    return next;
  }
  result.forwards.push({ kind, spec: rest });
  return next;
}

/** Whether a forward's listen side binds beyond loopback (`0.0.0.0:8080:…`, `*:…`, or -g). */
function bindsWide(forward: Forward, gatewayPorts: boolean): boolean {
  if (forward.kind === 'listening') return !/^(127\.|\[::1\]|localhost)/.test(forward.spec);
  if (forward.kind !== 'local' && forward.kind !== 'dynamic') return false;
  if (gatewayPorts) return true;
  // [bind:]port:host:hostport (local) or [bind:]port (dynamic); a bracketed IPv6 bind is one field.
  const fields = forward.spec.match(/\[[^\]]*\]|[^:]+/g) ?? [];
  const bind = fields.length === (forward.kind === 'local' ? 4 : 2) ? (fields[0] as string).replace(/^\[|\]$/g, '') : undefined;
  return bind !== undefined && bind !== 'localhost' && !bind.startsWith('127.') && bind !== '::1';
}

/**
 * An ssh client's TCP listeners, by pid: an ssh client listens only for a local or dynamic forward,
 * so they are its forwards even when the command line names none (ssh_config, `-F file`).
 */
export function listeningForwards(snapshot: HostSnapshot): Map<number, Forward[]> {
  const byPid = new Map<number, Forward[]>();
  for (const l of snapshot.listening) {
    const pid = l.process?.pid;
    if (pid === undefined || l.protocol !== 'tcp') continue;
    const list = byPid.get(pid) ?? [];
    if (list.length < 8) list.push({ kind: 'listening', spec: formatEndpoint(l.address, l.port) });
    byPid.set(pid, list);
  }
  return byPid;
}

interface SshForwardingState {
  reported: Map<number, string>;
}

function severityOf(forward: Forward, command: SshCommand, config: SshForwardingConfig): Severity {
  if (forward.kind === 'remote' || forward.kind === 'tun' || bindsWide(forward, command.gatewayPorts)) return config.severity;
  if (forward.kind === 'stdio') return 'LOW';
  return config.forwardSeverity;
}

function forwardingFinding(p: ProcessInfo, command: SshCommand, snapshot: HostSnapshot, config: SshForwardingConfig): Finding {
  const severity = command.forwards
    .map((f) => severityOf(f, command, config))
    .reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a), 'LOW' as Severity);
  const server = snapshot.connections.find((c) => c.process?.pid === p.pid && hasPeer(c) && c.state === 'ESTABLISHED' && c.direction !== 'inbound');
  const serverText = server ? formatEndpoint(server.remoteAddress, server.remotePort) : (command.destination ?? 'unknown server');
  const forwards = command.forwards.map((f) => `${f.kind} ${f.spec}`.slice(0, 200));
  const fromConfig = command.forwards.every((f) => f.kind === 'listening');
  const process = toProcessRef(p);
  return finding({
    key: `${p.pid}|${forwards.join(',').slice(0, 300)}`,
    severity,
    title: `ssh tunnel via ${serverText}: ${forwards.slice(0, 3).join(', ')}`,
    description: `${processLabel(process)} ${fromConfig ? 'has no forwarding option on its command line yet listens' : 'runs with forwarding options'} (${forwards.join('; ')}) through ${serverText}${command.destination ? ` (${command.destination})` : ''}: traffic to the forwarded ports is tunnelled inside SSH${fromConfig ? ' (forwards set in ssh_config or a -F file)' : ''}.`,
    source: server ? { address: server.localAddress, port: server.localPort } : undefined,
    destination: server ? { address: server.remoteAddress, port: server.remotePort } : undefined,
    process,
    evidence: {
      forwards,
      kinds: [...new Set(command.forwards.map((f) => f.kind))],
      server: serverText,
      destinationArg: command.destination ?? '',
      gatewayPorts: command.gatewayPorts,
      socksProxy: command.forwards.some((f) => f.kind === 'dynamic'),
    },
  });
}

export function sshForwardingRule(overrides: Partial<SshForwardingConfig> = {}): Rule<SshForwardingState, SshForwardingConfig> {
  const config = { ...DEFAULT_SSH_FORWARDING_CONFIG, ...overrides };
  const clients = new Set(config.clients);
  return {
    id: 'ssh-forwarding',
    technique: PROTOCOL_TUNNELING,
    defaultSeverity: config.severity,
    summary:
      "ssh clients (OpenSSH, dbclient, autossh, plink) with forwarding options: -R and -w (HIGH), -L, -D, ProxyCommand through nc/socat (MEDIUM; HIGH when bound beyond loopback), -W (LOW), or listening without any (forwards from ssh_config / -F: MEDIUM, HIGH beyond loopback); names both ends and the server. Needs command lines (other users' are readable).",
    readme: {
      needs: ['processes', 'sockets', 'owners'],
      detects:
        'ssh tunnels: `ssh`/`dbclient`/`autossh`/`plink` with -R or -w (HIGH), -L/-D or `-o LocalForward/DynamicForward`, `ProxyCommand` through nc/socat (MEDIUM; HIGH when bound beyond loopback or with -g), -W (LOW), or an ssh client listening with no such option (LocalForward/DynamicForward from ssh_config or `-F`); names the forwards and the server. Needs command lines and socket owners',
    },
    config,
    skipWhenHostUnchanged: true,
    createState: () => ({ reported: new Map() }),
    evaluate(snapshot, state) {
      const findings: Finding[] = [];
      const live = new Set<number>();
      let listeners: ReadonlyMap<number, Forward[]> | undefined;
      for (const p of snapshot.processes) {
        if (!p.cmdline || !clients.has(baseName(p.name))) continue;
        live.add(p.pid);
        if (state.reported.get(p.pid) === p.cmdline) continue;
        const command = parseSshCommand(p.cmdline);
        if (command.forwards.length === 0) {
          listeners ??= listeningForwards(snapshot);
          command.forwards.push(...(listeners.get(p.pid) ?? []));
        }
        if (command.forwards.length === 0) continue;
        if (state.reported.size >= config.maxTracked) break;
        state.reported.set(p.pid, p.cmdline);
        findings.push(forwardingFinding(p, command, snapshot, config));
      }
      for (const pid of state.reported.keys()) if (!live.has(pid)) state.reported.delete(pid);
      return findings;
    },
  };
}

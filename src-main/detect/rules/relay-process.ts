// T1090 Proxy, judged by behaviour: one program (or one shell pipeline, as in an nc relay through
// a fifo) holds an accepted connection and an outbound connection to another endpoint, i.e. it
// relays. socat/nc relays open the outbound leg as the client arrives; multiplexing forwarders
// (ssh -L/-D, chisel-like tools) reuse one long-lived outbound leg; a forwarder waiting for its
// first client shows only a listener and the outbound leg. A relay may also hand the accepted
// connection to a child (ncat --sh-exec, socat EXEC:'nc host port', inetd-style forks): a process
// holding an accepted connection is grouped with its descendants (two generations) that open the
// outbound leg at the same time.
import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, ListeningPort, ProcessRef, Severity } from '../../../src-shared/model';
import { ConnectionTracker, connectionKey, freshConnections, hasPeer, inboundTest } from '../connection-tracker';
import { finding, processLabel } from '../format';
import { indexProcesses, type ProcessIndex } from '../lineage';
import { acceptingGroups, type RelayGroup as Group } from '../relay-lineage';
import { baseName, isNetworkTool, isShell } from '../process-names';
import type { Rule, RuleContext } from '../types';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1090; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const PROXY = attackTechnique(
  'T1090',
  'Proxy',
  ['Command and Control'],
  'Identify both ends the process relays between, stop the relay if it is not a sanctioned proxy, and block the outbound leg while investigating how it was started.',
);

export interface RelayProcessConfig {
  enabled: boolean;
  /** A per-connection relay (both legs opened together) with an external end. */
  severity: Severity;
  /** Both legs opened within this time of each other make a per-connection relay. */
  pairWindowMs: number;
  /** Ticks both legs must be seen together (a relay carries a session; one API call does not). */
  minPairTicks: number;
  /** A group holding more accepted connections than this is a server, not a relay. */
  maxAccepted: number;
  /** Also report (LOW) a program listening while it holds an outbound external connection. */
  flagWaitingForwarders: boolean;
  /** Proxies and servers whose job is to relay (process names, lower case). */
  knownProxies: string[];
  /**
   * The kernel's ephemeral range (net.ipv4.ip_local_port_range). A connection from a port below it
   * to a port inside it was accepted, even once the listener is closed (`nc -l` stops listening
   * after its first client, often before any tick sees the listener).
   */
  ephemeralPorts: [number, number];
  maxTracked: number;
}

export const DEFAULT_RELAY_PROCESS_CONFIG: RelayProcessConfig = {
  enabled: true,
  severity: 'HIGH',
  pairWindowMs: 3_000,
  minPairTicks: 2,
  maxAccepted: 16,
  flagWaitingForwarders: true,
  knownProxies: [
    'nginx',
    'haproxy',
    'envoy',
    'traefik',
    'caddy',
    'apache2',
    'httpd',
    'squid',
    'varnishd',
    'docker-proxy',
    'sshd',
    'sshd-session',
    'tinyproxy',
    'privoxy',
    'cntlm',
    'px',
    'tailscaled',
    'dockerd',
    'containerd',
    'kubelet',
    'kube-proxy',
    'rootlessport',
    'slirp4netns',
    'pasta',
    'dnsmasq',
    'systemd-resolved',
    'systemd-resolve',
    'unbound',
    'named',
    'pdns_recursor',
    'coredns',
    'chronyd',
    'ntpd',
  ],
  ephemeralPorts: [32768, 60999],
  maxTracked: 20_000,
};

interface Seen {
  first: number;
  ticks: number;
  last: number;
}

interface RelayState {
  /** By socket inode (the 5-tuple text only where the platform gives no inode). */
  seen: Map<number | string, Seen>;
  /** Listeners seen (listenerKey: pid and port), with when: their later connections on that port were accepted. */
  listened: Map<number, number>;
  tracker: ConnectionTracker;
}

/** pid and port in one number (pids < 2^22, ports < 2^16): no text per connection. */
const listenerKey = (pid: number, port: number): number => pid * 65_536 + port;
const seenKey = (c: Connection): number | string => (c.inode > 0 ? c.inode : `${connectionKey(c)}`);

/** Processes of one shell pipeline form one group (`nc -l … < f | nc host port > f`). */
function groupKey(p: ProcessRef, index: ProcessIndex): string {
  const parent = p.ppid !== undefined ? index.get(p.ppid) : undefined;
  return parent && isShell(parent.name) && !isShell(p.name) ? `pipeline:${parent.pid}` : `pid:${p.pid}`;
}

function label(group: Group): string {
  return [...group.members.values()].map(processLabel).join(' + ');
}

export function relayProcessRule(overrides: Partial<RelayProcessConfig> = {}): Rule<RelayState, RelayProcessConfig> {
  const config = { ...DEFAULT_RELAY_PROCESS_CONFIG, ...overrides };
  const proxies = new Set(config.knownProxies);
  return {
    id: 'relay-process',
    technique: PROXY,
    defaultSeverity: config.severity,
    summary:
      "A program or shell pipeline relaying between an accepted connection and an outbound one to another endpoint (socat/nc relays, ssh -L/-D, chisel-like forwarders): HIGH when both legs open together with an external end, MEDIUM for a long-lived outbound leg or an all-internal relay, LOW for a listener waiting beside an external leg. Needs socket owners (other users' need root).",
    readme: {
      needs: ['sockets', 'owners', 'processes'],
      detects:
        "Relays: one program, one shell pipeline (`nc -l … < fifo \\| nc host port > fifo`), or a program and the children it starts per client (ncat --sh-exec, socat EXEC:nc; two generations), holding an accepted connection (TCP, or a connected UDP socket on a listening port) and an outbound connection to another endpoint for ≥ 2 ticks: HIGH when both legs open within 3 s with an external end (socat/netcat relays), MEDIUM for a long-lived outbound leg (ssh -L/-D, chisel-like forwarders) or an all-internal relay, LOW for a listener beside an outbound external leg; outbound legs to this host (a local database) and proxies by trade (nginx, haproxy, sshd …) are left out. Needs socket owners (root for other users' processes)",
    },
    config,
    createState: () => ({ seen: new Map(), listened: new Map(), tracker: new ConnectionTracker() }),
    evaluate(snapshot, state, context) {
      const fresh = freshConnections(snapshot, state.tracker, context);
      const groups = collectGroups(snapshot, state, context);
      track(state, groups, context.now, fresh);
      const findings: Finding[] = [];
      for (const group of groups.values()) {
        const finding = relayFinding(group, state, context) ?? waitingFinding(group, state, context);
        if (finding) findings.push(finding);
      }
      return findings;
    },
  };

  /** Groups holding a listener or an accepted connection (usually few), then their outbound legs. */
  function collectGroups(snapshot: HostSnapshot, state: RelayState, context: RuleContext): Map<string, Group> {
    const { connections, listening } = snapshot;
    const inbound = inboundTest(snapshot);
    const [ephemeralLow, ephemeralHigh] = config.ephemeralPorts;
    const inEphemeral = (port: number): boolean => port >= ephemeralLow && port <= ephemeralHigh;
    rememberListeners(listening, state, context.now);
    const isServerSide = (c: Connection): boolean =>
      inbound(c) ||
      (c.process !== undefined && state.listened.has(listenerKey(c.process.pid, c.localPort))) ||
      (!inEphemeral(c.localPort) && inEphemeral(c.remotePort));
    const index = indexProcesses(snapshot);
    const keyOfPid = new Map<number, string | null>();
    const keyOf = (p: ProcessRef): string | null => {
      let key = keyOfPid.get(p.pid);
      if (key === undefined) keyOfPid.set(p.pid, (key = proxies.has(baseName(p.name)) ? null : groupKey(p, index)));
      return key;
    };
    const groups = new Map<string, Group>();
    const groupOf = (p: ProcessRef, create: boolean): Group | undefined => {
      const key = keyOf(p);
      if (key === null) return undefined;
      let group = groups.get(key);
      if (!group && create)
        groups.set(key, (group = { members: new Map(), accepted: [], outbound: [], listening: [], childLegs: new Set(), socketStdio: new Set() }));
      if (group && group.members.size < 8) group.members.set(p.pid, p);
      return group;
    };
    // Connected UDP sockets count too: a UDP relay's fork child connects one to its client and one to the exit.
    const usable = (c: Connection): c is Connection & { process: ProcessRef } =>
      c.process !== undefined && (c.protocol === 'tcp' || c.protocol === 'udp') && c.state === 'ESTABLISHED' && hasPeer(c);
    for (const c of connections) if (usable(c) && isServerSide(c)) groupOf(c.process, true)?.accepted.push(c);
    for (const l of listening) {
      if (l.protocol !== 'tcp' || !l.process) continue;
      const group = groupOf(l.process, true);
      if (group && group.listening.length < 16) group.listening.push(l);
    }
    if (groups.size === 0) return groups;
    const accepting = acceptingGroups(groups, keyOf, index);
    for (const c of connections) {
      if (!usable(c) || isServerSide(c) || c.direction === 'local') continue;
      const key = keyOf(c.process);
      const own = key === null ? undefined : groups.get(key);
      const group = own ?? accepting(c.process);
      if (!group || group.outbound.length >= 64 || context.homeNet.isLocalHost(c.remoteAddress)) continue;
      if (group.members.size < 8) group.members.set(c.process.pid, c.process);
      if (!own) group.childLegs.add(c);
      group.outbound.push(c);
    }
    return groups;
  }

  function rememberListeners(listening: readonly ListeningPort[], state: RelayState, now: number): void {
    for (const l of listening) {
      if (l.protocol === 'tcp' && l.process && state.listened.size < config.maxTracked) state.listened.set(listenerKey(l.process.pid, l.port), now);
    }
    // A pid's listener is remembered for 10 minutes (pids are reused slowly).
    for (const [key, time] of state.listened) if (time < now - 600_000) state.listened.delete(key);
  }

  /** Ticks each leg was seen; a leg first tracked after the tick it appeared (a child's older connection) counts as opened long before. */
  function track(state: RelayState, groups: Map<string, Group>, now: number, fresh: readonly Connection[]): void {
    let freshSet: Set<Connection> | undefined;
    const opened = (c: Connection): number => ((freshSet ??= new Set(fresh)).has(c) || state.tracker.ticks <= 1 ? now : -Infinity);
    for (const group of groups.values()) {
      if (group.accepted.length === 0 && group.listening.length === 0) continue;
      for (const c of [...group.accepted, ...group.outbound]) {
        const key = seenKey(c);
        const seen = state.seen.get(key);
        if (seen) {
          seen.ticks += 1;
          seen.last = now;
        } else if (state.seen.size < config.maxTracked) state.seen.set(key, { first: opened(c), ticks: 1, last: now });
      }
    }
    for (const [key, seen] of state.seen) if (seen.last < now) state.seen.delete(key);
  }

  function seenOf(state: RelayState, c: Connection): Seen | undefined {
    return state.seen.get(seenKey(c));
  }

  function relayFinding(group: Group, state: RelayState, context: RuleContext): Finding | null {
    if (group.accepted.length === 0 || group.outbound.length === 0 || group.accepted.length > config.maxAccepted) return null;
    let best: { a: Connection; b: Connection; together: boolean } | undefined;
    for (const a of group.accepted) {
      for (const b of group.outbound) {
        // A server's name lookups (UDP) beside its TCP clients are no relay: legs pair within one protocol.
        if (b.remoteAddress === a.remoteAddress || b.protocol !== a.protocol) continue;
        const sa = seenOf(state, a);
        const sb = seenOf(state, b);
        if (!sa || !sb || Math.min(sa.ticks, sb.ticks) < config.minPairTicks) continue;
        const together = Number.isFinite(sa.first) && Number.isFinite(sb.first) && Math.abs(sa.first - sb.first) <= config.pairWindowMs;
        // A child's long-lived connection is its own business; one opened with the client's is the relay's leg.
        if (group.childLegs.has(b) && !together) continue;
        if (!best || (together && !best.together)) best = { a, b, together };
      }
    }
    if (!best) return null;
    const { a, b, together } = best;
    const { homeNet } = context;
    const external = homeNet.isExternal(a.remoteAddress) || homeNet.isExternal(b.remoteAddress);
    // Peer-to-peer programs (torrent, sync, chat) accept external peers while reaching several
    // others; a relay's outbound leg goes to one exit per client. That shape stays MEDIUM.
    const peers = new Set(group.outbound.filter((c) => homeNet.isExternal(c.remoteAddress)).map((c) => c.remoteAddress));
    const swarm = homeNet.isExternal(a.remoteAddress) && homeNet.isExternal(b.remoteAddress) && peers.size >= 3;
    // A child's leg is a relay's when the child is on the accepted socket itself or is a shell / network tool.
    const child = group.childLegs.has(b) && b.process ? b.process : undefined;
    const childRelays = !child || group.socketStdio.has(child.pid) || [...group.members.values()].some((p) => isNetworkTool(p.name) || isShell(p.name));
    const severity: Severity = together && external && !swarm && childRelays ? config.severity : 'MEDIUM';
    const client = formatEndpoint(a.remoteAddress, a.remotePort);
    const entry = formatEndpoint(a.localAddress, a.localPort);
    const exit = formatEndpoint(b.remoteAddress, b.remotePort);
    const who = label(group);
    const first = [...group.members.values()][0];
    return finding({
      key: `relay|${first ? baseName(first.name) : '?'}|${a.localPort}|${exit}`,
      severity,
      title: `Relay ${client} → ${entry} ⇒ ${exit} by ${who}`,
      description: `${who} holds a connection accepted on ${entry} from ${client} and ${together ? 'opened, at the same time,' : 'holds'} a connection to ${exit}: traffic is being relayed${together ? ' connection by connection (socat/netcat style)' : ' over a long-lived leg (ssh/chisel-style forwarder)'}.`,
      source: { address: a.remoteAddress, port: a.remotePort },
      destination: { address: b.remoteAddress, port: b.remotePort },
      process: first,
      evidence: {
        kind: together ? 'per-connection-relay' : 'multiplexing-forwarder',
        inboundClient: client,
        inboundLocal: entry,
        outboundLocal: formatEndpoint(b.localAddress, b.localPort),
        outboundRemote: exit,
        acceptedConnections: group.accepted.length,
        outboundConnections: group.outbound.length,
        externalEnd: external,
        peerToPeerShape: swarm,
        externalPeers: peers.size,
        processes: [...group.members.values()].map(processLabel),
        ...(child ? { outboundByDescendant: processLabel(child), descendantStdioIsAcceptedSocket: group.socketStdio.has(child.pid) } : {}),
        networkTool: [...group.members.values()].some((p) => isNetworkTool(p.name)),
      },
    });
  }

  function waitingFinding(group: Group, state: RelayState, context: RuleContext): Finding | null {
    if (!config.flagWaitingForwarders || group.accepted.length > 0 || group.listening.length === 0) return null;
    const leg = group.outbound.find((b) => context.homeNet.isExternal(b.remoteAddress) && (seenOf(state, b)?.ticks ?? 0) >= config.minPairTicks);
    const listener = group.listening[0];
    if (!leg || !listener) return null;
    const first = [...group.members.values()][0];
    const exit = formatEndpoint(leg.remoteAddress, leg.remotePort);
    const entry = formatEndpoint(listener.address, listener.port);
    return finding({
      key: `waiting|${first ? baseName(first.name) : '?'}|${listener.port}|${exit}`,
      severity: 'LOW',
      title: `${label(group)} listens on ${entry} while connected to ${exit}`,
      description: `${label(group)} listens on ${entry} and holds an outbound connection to ${exit}: the shape of a forwarder waiting for clients (or a peer-to-peer program).`,
      source: { address: listener.address, port: listener.port },
      destination: { address: leg.remoteAddress, port: leg.remotePort },
      process: first,
      evidence: { kind: 'waiting-forwarder', listening: entry, outboundRemote: exit, processes: [...group.members.values()].map(processLabel) },
    });
  }
}

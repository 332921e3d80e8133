// T1090 Proxy, judged by behaviour: one program (or one shell pipeline, as in an nc relay through
// a fifo) holds an accepted connection and an outbound connection to another endpoint, i.e. it
// relays. socat/nc relays open the outbound leg as the client arrives; multiplexing forwarders
// (ssh -L/-D, chisel-like tools) reuse one long-lived outbound leg; a forwarder waiting for its
// first client shows only a listener and the outbound leg. A relay may also hand the accepted
// connection to a child (ncat --sh-exec, socat EXEC:'nc host port', inetd-style forks): a process
// holding an accepted connection is grouped with its descendants (two generations) that open the
// outbound leg at the same time.
import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, Severity } from '../../../src-shared/model';
import { ConnectionTracker, connectionKey, freshConnections } from '../connection-tracker';
import { finding, processLabel } from '../format';
import { collectRelayGroups, type RelayGrouping, type SeenListeners } from '../relay-groups';
import type { RelayGroup as Group } from '../relay-lineage';
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
  /** When the leg was opened (-Infinity: long before it was first tracked). */
  first: number;
  /** The evaluation it was first tracked at, and the last one that saw it. */
  sinceTick: number;
  lastTick: number;
}

/** The host parts the groups are made of: a quiet tick hands the very same arrays again. */
type GroupInputs = Pick<HostSnapshot, 'connections' | 'listening' | 'processes' | 'localAddresses'>;

interface RelayState {
  /** By socket inode (the 5-tuple text only where the platform gives no inode). */
  seen: Map<number | string, Seen>;
  listened: SeenListeners;
  tracker: ConnectionTracker;
  /** Evaluations so far. */
  tick: number;
  /** The last groups and what they were made of. */
  last?: { inputs: GroupInputs; groups: Map<string, Group> };
}

const seenKey = (c: Connection): number | string => (c.inode > 0 ? c.inode : `${connectionKey(c)}`);

function label(group: Group): string {
  return [...group.members.values()].map(processLabel).join(' + ');
}

export function relayProcessRule(overrides: Partial<RelayProcessConfig> = {}): Rule<RelayState, RelayProcessConfig> {
  const config = { ...DEFAULT_RELAY_PROCESS_CONFIG, ...overrides };
  const grouping: RelayGrouping = { proxies: new Set(config.knownProxies), ephemeralPorts: config.ephemeralPorts, maxTracked: config.maxTracked };
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
    createState: () => ({ seen: new Map(), listened: new Map(), tracker: new ConnectionTracker(), tick: 0 }),
    evaluate(snapshot, state, context) {
      const fresh = freshConnections(snapshot, state.tracker, context);
      state.tick += 1;
      const groups = currentGroups(snapshot, state, context, fresh, grouping);
      const findings: Finding[] = [];
      for (const group of groups.values()) {
        const finding = relayFinding(group, state, context, config) ?? waitingFinding(group, state, context, config);
        if (finding) findings.push(finding);
      }
      return findings;
    },
  };
}

const sameInputs = (a: GroupInputs, b: HostSnapshot): boolean =>
  a.connections === b.connections && a.listening === b.listening && a.processes === b.processes && a.localAddresses === b.localAddresses;

/**
 * This tick's groups, with their legs tracked. Given the same host arrays again (a quiet tick),
 * the groups and every leg in them are as they were: nothing is regrouped or touched, and the legs'
 * ticks run on by the evaluation count.
 */
function currentGroups(
  snapshot: HostSnapshot,
  state: RelayState,
  context: RuleContext,
  fresh: readonly Connection[],
  grouping: RelayGrouping,
): Map<string, Group> {
  if (state.last && sameInputs(state.last.inputs, snapshot)) return state.last.groups;
  const groups = collectRelayGroups(snapshot, state.listened, context, grouping);
  track(state, groups, context.now, fresh, grouping.maxTracked);
  const { connections, listening, processes, localAddresses } = snapshot;
  state.last = { inputs: { connections, listening, processes, localAddresses }, groups };
  return groups;
}

/** Marks each leg seen at this evaluation; a leg first tracked after the tick it appeared (a child's older connection) counts as opened long before. */
function track(state: RelayState, groups: Map<string, Group>, now: number, fresh: readonly Connection[], maxTracked: number): void {
  let freshSet: Set<Connection> | undefined;
  const opened = (c: Connection): number => ((freshSet ??= new Set(fresh)).has(c) || state.tracker.ticks <= 1 ? now : -Infinity);
  const tick = state.tick;
  for (const group of groups.values()) {
    if (group.accepted.length === 0 && group.listening.length === 0) continue;
    for (const c of [...group.accepted, ...group.outbound]) {
      const key = seenKey(c);
      const seen = state.seen.get(key);
      if (seen) seen.lastTick = tick;
      else if (state.seen.size < maxTracked) state.seen.set(key, { first: opened(c), sinceTick: tick, lastTick: tick });
    }
  }
  for (const [key, seen] of state.seen) if (seen.lastTick < tick) state.seen.delete(key);
}

function seenOf(state: RelayState, c: Connection): Seen | undefined {
  return state.seen.get(seenKey(c));
}

const ticksSeenOf = (state: RelayState, c: Connection): number => {
  const seen = seenOf(state, c);
  return seen ? ticksSeen(state, seen) : 0;
};

/** Evaluations a leg has been seen at, without a gap (a leg missing from a tick is forgotten). */
const ticksSeen = (state: RelayState, seen: Seen): number => state.tick - seen.sinceTick + 1;

interface RelayPair {
  a: Connection;
  b: Connection;
  /** Both legs opened within the pair window of each other. */
  together: boolean;
}

/** The accepted and outbound legs seen together long enough, both opened together preferred. */
function bestPair(group: Group, state: RelayState, config: RelayProcessConfig): RelayPair | undefined {
  let best: RelayPair | undefined;
  for (const a of group.accepted) {
    for (const b of group.outbound) {
      // A server's name lookups (UDP) beside its TCP clients are no relay: legs pair within one protocol.
      if (b.remoteAddress === a.remoteAddress || b.protocol !== a.protocol) continue;
      const sa = seenOf(state, a);
      const sb = seenOf(state, b);
      if (!sa || !sb || Math.min(ticksSeen(state, sa), ticksSeen(state, sb)) < config.minPairTicks) continue;
      const together = Number.isFinite(sa.first) && Number.isFinite(sb.first) && Math.abs(sa.first - sb.first) <= config.pairWindowMs;
      // A child's long-lived connection is its own business; one opened with the client's is the relay's leg.
      if (group.childLegs.has(b) && !together) continue;
      if (!best || (together && !best.together)) best = { a, b, together };
    }
  }
  return best;
}

function relayFinding(group: Group, state: RelayState, context: RuleContext, config: RelayProcessConfig): Finding | null {
  if (group.accepted.length === 0 || group.outbound.length === 0 || group.accepted.length > config.maxAccepted) return null;
  const best = bestPair(group, state, config);
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

function waitingFinding(group: Group, state: RelayState, context: RuleContext, config: RelayProcessConfig): Finding | null {
  if (!config.flagWaitingForwarders || group.accepted.length > 0 || group.listening.length === 0) return null;
  const leg = group.outbound.find((b) => context.homeNet.isExternal(b.remoteAddress) && ticksSeenOf(state, b) >= config.minPairTicks);
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

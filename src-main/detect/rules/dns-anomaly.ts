import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, ProcessRef, Severity } from '../../../src-shared/model';
import { isLoopback, normalizeIp, type HomeNet } from '../../../src-shared/net';
import { ConnectionTracker, connectionKey, freshConnections, inboundTest } from '../connection-tracker';
import { finding, localEndpoint, processLabel, remoteEndpoint } from '../format';
import { baseName } from '../process-names';
import type { Rule, ThresholdSpecs } from '../types';
import { getOrAddBounded } from '../../../src-shared/bounded-map';
import { formatEndpoint } from '../../../src-shared/endpoint';
import { dnsClientSockets } from './dns-query-sightings';

/** ATT&CK T1071.004; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const APPLICATION_LAYER_DNS = attackTechnique(
  'T1071.004',
  'Application Layer Protocol: DNS',
  ['Command and Control'],
  'Force DNS through the configured resolvers, block outbound port 53 elsewhere, and inspect the querying process for tunnelling.',
);

export interface DnsAnomalyConfig {
  enabled: boolean;
  severity: Severity;
  /** Resolvers that are fine besides the host's configured ones (snapshot.dnsResolvers). */
  allowedResolvers: string[];
  /** Programs that are resolvers or forwarders themselves: they may talk to any DNS server. */
  resolverProcesses: string[];
  /** Tunnelling: at least this many new port-53 sockets from one process within the window … */
  streamMinSockets: number;
  /** … seen in at least this fraction of the window's ticks (sustained, not page-load bursts) … */
  streamMinActiveFraction: number;
  /** … and in at least this many ticks. */
  streamMinActiveTicks: number;
  windowMs: number;
  /**
   * A DNS socket kept open this long by a process that is not a resolver. Stub resolvers use a
   * fresh socket (fresh source port) per query, so only tunnels and floods hold one open.
   */
  persistentSocketMs: number;
  maxTracked: number;
}

export const DEFAULT_DNS_ANOMALY_CONFIG: DnsAnomalyConfig = {
  enabled: true,
  severity: 'MEDIUM',
  allowedResolvers: [],
  resolverProcesses: [
    'systemd-resolve',
    'systemd-resolved',
    'dnsmasq',
    'unbound',
    'named',
    'pdns_recursor',
    'pdns_server',
    'mdnsresponder',
    'dnscrypt-proxy',
    'stubby',
    'cloudflared',
    'coredns',
    'kresd',
    'nsd',
    'knotd',
    'dns',
    'nscd',
    'pihole-ftl',
    'adguardhome',
    'blocky',
    'dnsproxy',
    'tailscaled',
    'dockerd',
  ],
  streamMinSockets: 20,
  streamMinActiveFraction: 0.5,
  streamMinActiveTicks: 5,
  windowMs: 60_000,
  persistentSocketMs: 30_000,
  maxTracked: 5_000,
};

interface Stream {
  times: number[];
  resolvers: Set<string>;
  process?: ProcessRef;
  reportedAt?: number;
}

interface DnsAnomalyState {
  tracker: ConnectionTracker;
  streams: Map<string, Stream>;
  /** Tick times within the window. */
  tickTimes: number[];
  /** Open DNS client sockets (inode or 5-tuple) → when first seen and whether reported. */
  sockets: Map<number | string, { first: number; seen: number; reported: boolean; udpOutAtFirst?: number }>;
}

/** What a user may tune, with bounds (the settings schema is built from this). */
export const DNS_ANOMALY_THRESHOLDS: ThresholdSpecs<DnsAnomalyConfig> = {
  streamMinSockets: { min: 1, max: 100_000, integer: true, unit: 'count', label: 'New port-53 sockets from one process within the window (tunnelling)' },
  streamMinActiveFraction: { min: 0, max: 1, integer: false, unit: 'fraction', label: "Fraction of the window's ticks with DNS sockets" },
  streamMinActiveTicks: { min: 1, max: 10_000, integer: true, unit: 'ticks', label: 'Ticks with DNS sockets within the window' },
  windowMs: { min: 1_000, max: 3_600_000, integer: true, unit: 'ms', label: 'Sliding window for the DNS stream counts' },
  persistentSocketMs: { min: 1_000, max: 86_400_000, integer: true, unit: 'ms', label: 'A DNS socket held open this long by a non-resolver' },
};

/** What one tick's checks share: the resolvers the host uses, and how to tell its own DNS traffic. */
interface DnsTick {
  configured: Set<string>;
  /** Only a local stub is configured: its upstream sockets may be unattributable and are no evidence. */
  localStubOnly: boolean;
  isServerSide: (c: Connection) => boolean;
  homeNet: HomeNet;
  now: number;
}

/** The querying program's base name, or undefined when unknown; null when it is a resolver itself (or an unattributed stub's upstream). */
function querier(c: Connection, tick: DnsTick, resolverProcesses: ReadonlySet<string>): string | undefined | null {
  const name = c.process ? baseName(c.process.name) : undefined;
  if ((name && resolverProcesses.has(name)) || (!name && tick.localStubOnly)) return null;
  return name;
}

function foreignResolverFinding(c: Connection, name: string | undefined, resolver: string, tick: DnsTick, severity: Severity): Finding {
  return finding({
    key: `foreign|${name ?? '?'}|${resolver}`,
    severity,
    title: `DNS to unconfigured resolver ${resolver}`,
    description: `${processLabel(c.process)} sent DNS (${c.protocol}) to ${formatEndpoint(resolver, 53)}, which is not one of the host's resolvers (${[...tick.configured].join(', ') || 'none known'}).`,
    source: localEndpoint(c),
    destination: remoteEndpoint(c),
    process: c.process,
    evidence: {
      kind: 'unconfigured-resolver',
      resolver,
      protocol: c.protocol,
      configuredResolvers: [...tick.configured],
      resolverExternal: tick.homeNet.isExternal(resolver),
    },
    occurrences: 1,
  });
}

/** New DNS sockets: foreign-resolver findings (one per process and resolver), and each querier's stream; returns the streams touched. */
function recordQueries(
  fresh: readonly Connection[],
  state: DnsAnomalyState,
  tick: DnsTick,
  resolverProcesses: ReadonlySet<string>,
  config: DnsAnomalyConfig,
  findings: Finding[],
): Set<string> {
  const foreign = new Map<string, Finding>();
  const touched = new Set<string>();
  for (const c of fresh) {
    if (c.remotePort !== 53 || c.localPort === 53 || c.direction === 'inbound' || tick.isServerSide(c)) continue;
    const name = querier(c, tick, resolverProcesses);
    if (name === null) continue;
    const resolver = normalizeIp(c.remoteAddress) ?? c.remoteAddress;
    if (!tick.configured.has(resolver) && !tick.homeNet.isLocalHost(resolver)) {
      const f = foreignResolverFinding(c, name, resolver, tick, config.severity);
      const already = foreign.get(f.key);
      if (already) already.occurrences = (already.occurrences ?? 1) + 1;
      else foreign.set(f.key, f);
    }
    const who = name ?? '?';
    const stream = getOrAddBounded(state.streams, who, config.maxTracked, (): Stream => ({ times: [], resolvers: new Set() }));
    stream.times.push(tick.now);
    if (stream.times.length > 10_000) stream.times.shift();
    if (stream.resolvers.size < 20) stream.resolvers.add(resolver);
    if (c.process) stream.process = c.process;
    touched.add(who);
  }
  findings.push(...foreign.values());
  return touched;
}

/** DNS sockets held open past persistentSocketMs by a non-resolver (reported once each); forgets sockets gone. */
function persistentSockets(
  snapshot: HostSnapshot,
  state: DnsAnomalyState,
  tick: DnsTick,
  resolverProcesses: ReadonlySet<string>,
  config: DnsAnomalyConfig,
  findings: Finding[],
): void {
  const { now } = tick;
  for (const c of dnsClientSockets(snapshot.connections)) {
    if (tick.isServerSide(c)) continue;
    const name = querier(c, tick, resolverProcesses);
    if (name === null) continue;
    const id = c.inode || connectionKey(c);
    let socket = state.sockets.get(id);
    if (!socket) {
      if (state.sockets.size >= config.maxTracked) continue;
      socket = { first: now, seen: now, reported: false, ...(snapshot.kernel ? { udpOutAtFirst: snapshot.kernel.udpOutDatagrams } : {}) };
      state.sockets.set(id, socket);
    }
    socket.seen = now;
    const ageMs = now - socket.first;
    if (socket.reported || ageMs < config.persistentSocketMs) continue;
    socket.reported = true;
    const resolver = normalizeIp(c.remoteAddress) ?? c.remoteAddress;
    const udpRate =
      snapshot.kernel && socket.udpOutAtFirst !== undefined && ageMs > 0
        ? Math.round(((snapshot.kernel.udpOutDatagrams - socket.udpOutAtFirst) / ageMs) * 1000 * 10) / 10
        : null;
    findings.push(
      finding({
        key: `persistent|${name ?? '?'}|${resolver}`,
        severity: config.severity,
        title: `Long-lived DNS socket from ${processLabel(c.process)}`,
        description: `${processLabel(c.process)} has kept a ${c.protocol.toUpperCase()} socket to ${formatEndpoint(resolver, 53)} open for ${Math.round(ageMs / 1000)} s. Stub resolvers use a fresh socket per query; one socket carrying a stream of queries is how DNS tunnels work.`,
        source: localEndpoint(c),
        destination: remoteEndpoint(c),
        process: c.process,
        evidence: {
          kind: 'persistent-socket',
          resolver,
          protocol: c.protocol,
          socketAgeSec: Math.round(ageMs / 1000),
          resolverConfigured: tick.configured.has(resolver),
          hostUdpDatagramsOutPerSec: udpRate,
        },
      }),
    );
  }
  for (const [id, socket] of state.sockets) if (socket.seen < now) state.sockets.delete(id);
}

/** Drops what fell out of the window: tick times, and stream starts (streams left empty go). */
function ageStreams(state: DnsAnomalyState, cutoff: number, now: number): void {
  state.tickTimes.push(now);
  while ((state.tickTimes[0] as number) < cutoff) state.tickTimes.shift();
  for (const [who, stream] of state.streams) {
    let drop = 0;
    while (drop < stream.times.length && (stream.times[drop] as number) < cutoff) drop++;
    if (drop) stream.times.splice(0, drop);
    if (stream.times.length === 0) state.streams.delete(who);
  }
}

/** A sustained stream of new DNS sockets from one querier, or undefined when it is not one. */
function streamFinding(who: string, stream: Stream, state: DnsAnomalyState, now: number, config: DnsAnomalyConfig): Finding | undefined {
  if (stream.times.length < config.streamMinSockets) return undefined;
  const active = new Set(stream.times).size;
  if (active < config.streamMinActiveTicks || active < config.streamMinActiveFraction * state.tickTimes.length) return undefined;
  const newThisTick = stream.times.filter((t) => t === now).length;
  const first = stream.times[0] as number;
  const spanSec = Math.max(1, (now - first) / 1000);
  const fresh = stream.reportedAt === undefined || stream.reportedAt < now - config.windowMs;
  stream.reportedAt = now;
  return finding({
    key: `stream|${who}`,
    severity: config.severity,
    title: `Sustained DNS query stream from ${processLabel(stream.process)}`,
    description: `${processLabel(stream.process)} opened ${stream.times.length} DNS sockets in ${Math.round(spanSec)} s (to ${[...stream.resolvers].join(', ')}): a steady query stream from a process that is not a resolver suggests DNS tunnelling.`,
    process: stream.process,
    evidence: {
      kind: 'query-stream',
      socketsInWindow: stream.times.length,
      windowSec: config.windowMs / 1000,
      activeTicks: active,
      ticksInWindow: state.tickTimes.length,
      socketsPerMinute: Math.round((stream.times.length / spanSec) * 60),
      resolvers: [...stream.resolvers],
      note: 'sockets sampled once per tick: the real query count is higher',
    },
    occurrences: fresh ? stream.times.length : newThisTick,
  });
}

export function dnsAnomalyRule(overrides: Partial<DnsAnomalyConfig> = {}): Rule<DnsAnomalyState, DnsAnomalyConfig> {
  const config = { ...DEFAULT_DNS_ANOMALY_CONFIG, ...overrides };
  const resolverProcesses = new Set(config.resolverProcesses.map(baseName));
  const allowed = config.allowedResolvers.map((r) => normalizeIp(r)).filter((r): r is string => r !== null);
  return {
    id: 'dns-anomaly',
    technique: APPLICATION_LAYER_DNS,
    defaultSeverity: config.severity,
    summary:
      'DNS to a resolver the host is not configured to use, or a sustained stream of DNS queries (many sockets, or one held open) from a process that is not a resolver (tunnelling).',
    readme: {
      needs: ['sockets', 'owners', 'resolvers', 'counters'],
      detects: 'DNS to a resolver the host is not configured to use; sustained query streams (tunnelling)',
    },
    config,
    thresholds: DNS_ANOMALY_THRESHOLDS,
    createState: () => ({ tracker: new ConnectionTracker(), streams: new Map(), tickTimes: [], sockets: new Map() }),
    evaluate(snapshot, state, context) {
      const { homeNet, now } = context;
      const configured = new Set(allowed);
      for (const r of snapshot.dnsResolvers ?? []) {
        const n = normalizeIp(r);
        if (n) configured.add(n);
      }
      // With only a local stub configured (systemd-resolved, dnsmasq), its upstream queries come from
      // sockets we may not be allowed to attribute; those are not evidence of anything.
      const localStubOnly = (snapshot.dnsResolvers ?? []).length > 0 && snapshot.dnsResolvers.every((r) => isLoopback(r));
      const tick: DnsTick = { configured, localStubOnly, isServerSide: inboundTest(snapshot), homeNet, now };
      const findings: Finding[] = [];
      const touched = recordQueries(freshConnections(snapshot, state.tracker, context), state, tick, resolverProcesses, config, findings);
      persistentSockets(snapshot, state, tick, resolverProcesses, config, findings);
      ageStreams(state, now - config.windowMs, now);
      for (const who of touched) {
        const stream = state.streams.get(who);
        const found = stream ? streamFinding(who, stream, state, now, config) : undefined;
        if (found) findings.push(found);
      }
      return findings;
    },
  };
}

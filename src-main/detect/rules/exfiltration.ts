import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, InterfaceCounters, ProcessRef, Severity } from '../../../src-shared/model';
import type { HomeNet } from '../../../src-shared/net';
import { ConnectionTracker, connectionKey, freshConnections, hasPeer } from '../connection-tracker';
import { finding, isoTime, processLabel } from '../format';
import { round } from '../../../src-shared/stats';
import type { Rule, ThresholdSpecs } from '../types';
import { BoundedMap } from '../../../src-shared/bounded-map';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1048; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const EXFILTRATION_OVER_ALTERNATIVE_PROTOCOL = attackTechnique(
  'T1048',
  'Exfiltration Over Alternative Protocol',
  ['Exfiltration'],
  'Identify what the process sent and to whom, block the destination, and review data-loss controls for that channel.',
);

export interface ExfiltrationConfig {
  enabled: boolean;
  severity: Severity;
  /** Bytes sent to one external destination (per process) within the window that raise an alert. */
  thresholdBytes: number;
  windowMs: number;
  /** Severity becomes CRITICAL at this many times the threshold (0 disables). */
  criticalMultiplier: number;
  /** Also watch internal destinations (default: only addresses outside HOME_NET). */
  includeInternal: boolean;
  /** Severity when only interface counters are available (no per-connection bytes, no attribution). */
  fallbackSeverity: Severity;
  maxTracked: number;
}

export const DEFAULT_EXFILTRATION_CONFIG: ExfiltrationConfig = {
  enabled: true,
  severity: 'HIGH',
  thresholdBytes: 100 * 1024 * 1024,
  windowMs: 5 * 60_000,
  criticalMultiplier: 10,
  includeInternal: false,
  fallbackSeverity: 'MEDIUM',
  maxTracked: 20_000,
};

/** Sockets whose byte counters are remembered; far above any real host's socket count. */
const MAX_SOCKETS = 500_000;

interface Flow {
  /** [time, bytes] sent in each tick, within the window. */
  samples: [number, number][];
  total: number;
  process?: ProcessRef;
  address: string;
  ports: Set<number>;
  connections: Set<number | string>;
  largestConnection: number;
  above: boolean;
}

interface ExfiltrationState {
  tracker: ConnectionTracker;
  /** Socket inode (or 5-tuple) → last bytesSent seen, for every socket with counters (internal ones too, so unchanged sockets cost one lookup). */
  sent: Map<number | string, { bytes: number; seen: number }>;
  /** `who|address` → bytes sent within the window; at the cap a new flow evicts the oldest. */
  flows: BoundedMap<string, Flow>;
  interfaces: Map<string, { tx: number; samples: [number, number][]; total: number; above: boolean }>;
  ticks: number;
  lastSweep: number;
  /** The connection list last accounted, when, and whether it had per-connection counters: a quiet tick hands the same list (and counters) again. */
  accounted?: { list: readonly Connection[]; at: number; perConnectionBytes: boolean };
}

function trim(samples: [number, number][], cutoff: number): number {
  let removed = 0;
  while (samples.length && (samples[0] as [number, number])[0] <= cutoff) removed += (samples.shift() as [number, number])[1];
  return removed;
}

function rate(total: number, samples: [number, number][], now: number, windowMs: number): number {
  const first = samples[0]?.[0] ?? now;
  return total / Math.max(1, Math.min(windowMs, now - first + 1_000) / 1000);
}

function mib(bytes: number): string {
  return `${round(bytes / 1_048_576, 1)} MiB`;
}

/** What a user may tune, with bounds (the settings schema is built from this). */
export const EXFILTRATION_THRESHOLDS: ThresholdSpecs<ExfiltrationConfig> = {
  thresholdBytes: { min: 1_024, max: 1e12, integer: true, unit: 'bytes', label: 'Bytes sent to one external destination within the window' },
  windowMs: { min: 1_000, max: 86_400_000, integer: true, unit: 'ms', label: 'Sliding window for the byte counts' },
  criticalMultiplier: { min: 0, max: 1_000, integer: false, unit: 'factor', label: 'CRITICAL at this many times the threshold (0: never)' },
};

/** Adds what each connection sent since the last tick to its flow; returns the flows that grew and whether any connection had byte counters. */
function accountBytes(
  snapshot: HostSnapshot,
  state: ExfiltrationState,
  fresh: ReadonlySet<Connection>,
  homeNet: HomeNet,
  now: number,
  config: ExfiltrationConfig,
): { touched: Set<string>; perConnectionBytes: boolean } {
  const firstTick = state.ticks === 1;
  const touched = new Set<string>();
  let perConnectionBytes = false;
  for (const c of snapshot.connections) {
    if (c.bytesSent === undefined || !hasPeer(c)) continue;
    perConnectionBytes = true;
    const connKey = c.inode || connectionKey(c);
    const previous = state.sent.get(connKey);
    // Bytes a connection sent before we saw it start (before monitoring, or before its counters
    // became readable) are not evidence of anything this session saw.
    const delta = previous ? Math.max(0, c.bytesSent - previous.bytes) : !firstTick && fresh.has(c) ? c.bytesSent : 0;
    if (previous) {
      previous.bytes = Math.max(previous.bytes, c.bytesSent);
      previous.seen = now;
    } else {
      state.sent.set(connKey, { bytes: c.bytesSent, seen: now });
    }
    if (delta <= 0) continue;
    if (homeNet.isLocalHost(c.remoteAddress)) continue;
    if (!config.includeInternal && !homeNet.isExternal(c.remoteAddress)) continue;
    const flowKey = `${c.process?.name ?? '?'}|${c.remoteAddress}`;
    const flow = state.flows.getOrAdd(flowKey, (): Flow => ({
      samples: [],
      total: 0,
      address: c.remoteAddress,
      ports: new Set(),
      connections: new Set(),
      largestConnection: 0,
      above: false,
    }));
    const last = flow.samples[flow.samples.length - 1];
    if (last && last[0] === now) last[1] += delta;
    else flow.samples.push([now, delta]);
    flow.total += delta;
    if (c.process) flow.process = c.process;
    if (flow.ports.size < 20) flow.ports.add(c.remotePort);
    if (flow.connections.size < 100) flow.connections.add(connKey);
    flow.largestConnection = Math.max(flow.largestConnection, c.bytesSent);
    touched.add(flowKey);
  }
  return { touched, perConnectionBytes };
}

/** The same list again moved no counter: nothing to account. */
function accountTick(...args: Parameters<typeof accountBytes>): ReturnType<typeof accountBytes> {
  const [snapshot, state, , , now] = args;
  if (state.accounted?.list === snapshot.connections) return { touched: new Set(), perConnectionBytes: state.accounted.perConnectionBytes };
  const result = accountBytes(...args);
  state.accounted = { list: snapshot.connections, at: now, perConnectionBytes: result.perConnectionBytes };
  return result;
}

/** Whole-state sweeps are spaced out (flows touched this tick are trimmed as they are judged). */
function sweep(state: ExfiltrationState, now: number, config: ExfiltrationConfig): void {
  if (now - state.lastSweep < Math.min(10_000, config.windowMs / 4) && state.sent.size <= MAX_SOCKETS) return;
  state.lastSweep = now;
  const cutoff = now - config.windowMs;
  // A socket is still there when the last list accounted held it.
  const seenBy = state.accounted?.at ?? now;
  for (const [key, entry] of state.sent) if (entry.seen < seenBy || state.sent.size > MAX_SOCKETS) state.sent.delete(key);
  for (const [key, flow] of state.flows) {
    flow.total -= trim(flow.samples, cutoff);
    if (flow.samples.length === 0) state.flows.delete(key);
    else if (flow.total < config.thresholdBytes) flow.above = false;
  }
}

function flowFinding(key: string, flow: Flow, now: number, severity: Severity, config: ExfiltrationConfig): Finding {
  const bytesPerSec = rate(flow.total, flow.samples, now, config.windowMs);
  const port = flow.ports.size === 1 ? [...flow.ports][0] : undefined;
  const target = formatEndpoint(flow.address, port);
  const crossed = !flow.above;
  flow.above = true;
  return finding({
    key,
    severity,
    title: `${mib(flow.total)} sent to ${flow.address} by ${processLabel(flow.process)}`,
    description: `${processLabel(flow.process)} sent ${mib(flow.total)} to ${target} within ${config.windowMs / 60_000} min (${mib(bytesPerSec)}/s), above the ${mib(config.thresholdBytes)} threshold.`,
    destination: { address: flow.address, ...(port !== undefined ? { port } : {}) },
    process: flow.process,
    evidence: {
      bytes: flow.total,
      bytesPerSec: Math.round(bytesPerSec),
      target,
      ports: [...flow.ports],
      connections: flow.connections.size,
      largestConnectionBytes: flow.largestConnection,
      windowSec: config.windowMs / 1000,
      thresholdBytes: config.thresholdBytes,
      since: isoTime(flow.samples[0]?.[0] ?? now),
      source: 'per-connection counters',
    },
    occurrences: crossed ? 1 : 0,
  });
}

/** Where sockets carry no byte counters: bytes sent per interface, the sender unknown. */
function interfaceFallback(
  interfaces: InterfaceCounters[],
  state: ExfiltrationState,
  cfg: ExfiltrationConfig,
  now: number,
  snapshot: HostSnapshot,
  homeNet: HomeNet,
): Finding[] {
  const out: Finding[] = [];
  const cutoff = now - cfg.windowMs;
  for (const iface of interfaces) {
    if (iface.name === 'lo' || iface.name.startsWith('lo')) continue;
    const known = state.interfaces.get(iface.name);
    if (!known) {
      state.interfaces.set(iface.name, { tx: iface.txBytes, samples: [], total: 0, above: false });
      continue;
    }
    const delta = iface.txBytes - known.tx;
    known.tx = iface.txBytes;
    if (delta > 0) {
      known.samples.push([now, delta]);
      known.total += delta;
    }
    known.total -= trim(known.samples, cutoff);
    if (known.total < cfg.thresholdBytes) {
      known.above = false;
      continue;
    }
    if (delta <= 0) continue;
    const external = snapshot.connections.filter((c) => hasPeer(c) && homeNet.isExternal(c.remoteAddress));
    const destinations = [...new Set(external.map((c) => c.remoteAddress))].slice(0, 20);
    const processes = [...new Set(external.map((c) => c.process?.name).filter((n): n is string => !!n))].slice(0, 20);
    const bytesPerSec = rate(known.total, known.samples, now, cfg.windowMs);
    const crossed = !known.above;
    known.above = true;
    out.push(
      finding({
        key: `iface|${iface.name}`,
        severity: cfg.fallbackSeverity,
        title: `${mib(known.total)} sent on ${iface.name}`,
        description: `${iface.name} transmitted ${mib(known.total)} within ${cfg.windowMs / 60_000} min (${mib(bytesPerSec)}/s); per-connection byte counts are not available here, so the sender is not known. External peers now: ${destinations.join(', ') || 'none'}.`,
        evidence: {
          bytes: known.total,
          bytesPerSec: Math.round(bytesPerSec),
          target: destinations.join(', '),
          interface: iface.name,
          externalDestinations: destinations,
          processes,
          windowSec: cfg.windowMs / 1000,
          thresholdBytes: cfg.thresholdBytes,
          source: 'interface counters',
        },
        processFields: false,
        occurrences: crossed ? 1 : 0,
      }),
    );
  }
  return out;
}

export function exfiltrationRule(overrides: Partial<ExfiltrationConfig> = {}): Rule<ExfiltrationState, ExfiltrationConfig> {
  const config = { ...DEFAULT_EXFILTRATION_CONFIG, ...overrides };
  const severityFor = (bytes: number, base: Severity): Severity =>
    config.criticalMultiplier > 0 && bytes >= config.thresholdBytes * config.criticalMultiplier ? 'CRITICAL' : base;
  return {
    id: 'exfiltration',
    technique: EXFILTRATION_OVER_ALTERNATIVE_PROTOCOL,
    defaultSeverity: config.severity,
    summary: `More than ${mib(config.thresholdBytes)} sent to one external destination within ${config.windowMs / 60_000} min (per-connection byte counters; interface counters where those are missing).`,
    readme: { needs: ['sockets', 'owners', 'tcpInfo', 'interfaces'], detects: 'Large uploads to one external destination within a window' },
    config,
    thresholds: EXFILTRATION_THRESHOLDS,
    createState: () => ({
      tracker: new ConnectionTracker(),
      sent: new Map(),
      flows: new BoundedMap(config.maxTracked),
      interfaces: new Map(),
      ticks: 0,
      lastSweep: -Infinity,
    }),
    evaluate(snapshot, state, context) {
      const { homeNet, now } = context;
      state.ticks++;
      const fresh = new Set(freshConnections(snapshot, state.tracker, context));
      const { touched, perConnectionBytes } = accountTick(snapshot, state, fresh, homeNet, now, config);
      sweep(state, now, config);
      const cutoff = now - config.windowMs;
      const findings: Finding[] = [];
      for (const key of touched) {
        const flow = state.flows.get(key);
        if (!flow) continue;
        flow.total -= trim(flow.samples, cutoff);
        if (flow.total < config.thresholdBytes) flow.above = false;
        else findings.push(flowFinding(key, flow, now, severityFor(flow.total, config.severity), config));
      }
      if (!perConnectionBytes) findings.push(...interfaceFallback(snapshot.interfaces, state, config, now, snapshot, homeNet));
      return findings;
    },
  };
}

import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, KernelCounters } from '../../../src-shared/model';
import type { HomeNet } from '../../../src-shared/net';
import { ConnectionTracker, freshConnections, hasPeer, inboundTest } from '../connection-tracker';
import { createKernelBurstState, detectKernelBurst, type KernelBurst, type KernelBurstState } from '../kernel-burst';
import { activeNeighbours, touchedNeighbours, type NeighbourActivity } from '../neighbour-activity';
import {
  CHURN_SPAN_MS,
  connectBurstFinding,
  isConnectBurst,
  outboundFinding,
  pruneOutbound,
  rawScanEvidence,
  scanShape,
  touchOutbound,
  type OutboundActors,
  type OutboundScanSettings,
  type RecentScanners,
} from '../scan-outbound';
import { inboundScanFinding, prune, touch, type Actor } from '../scan-inbound';
import { inboundBurstFinding, networkRxPackets } from '../scan-kernel-burst';
import { createRefusedStreamState, refusedStreamFinding, type RefusedStreamState } from '../scan-refused';
import { silentSweepFinding, type SilentHostsState } from '../scan-silent-hosts';
import { createRawUdpScanState, rawUdpScanFinding, type RawUdpScanState } from '../scan-raw-udp';
import { createSocketChurn, observeSocketChurn, topChurner, type SocketChurn } from '../socket-churn';
import type { Rule, RuleContext } from '../types';
import { memoByList } from '../list-memo';
import { rememberTransients, scannerByCommandLine, type RecentTransients } from '../transient-scanner';
import { DEFAULT_NETWORK_SCAN_CONFIG, NETWORK_SCAN_THRESHOLDS, type NetworkScanConfig } from '../network-scan-config';

/** ATT&CK T1046; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const NETWORK_SERVICE_DISCOVERY = attackTechnique(
  'T1046',
  'Network Service Discovery',
  ['Discovery'],
  'Find the scanning source, check whether it is an authorised scanner, isolate it if not, and close services that need not be reachable.',
);

export type { ScanCounter } from '../kernel-burst';
export { DEFAULT_NETWORK_SCAN_CONFIG, NETWORK_SCAN_THRESHOLDS, type NetworkScanConfig } from '../network-scan-config';

interface NetworkScanState {
  tracker: ConnectionTracker;
  inbound: Map<string, Actor>;
  outbound: OutboundActors;
  kernel: KernelBurstState;
  neighbours: NeighbourActivity;
  rawScanners: RecentScanners;
  churn: SocketChurn;
  refused: RefusedStreamState;
  silent: SilentHostsState;
  rawUdp: RawUdpScanState;
  /** Packets received on non-loopback interfaces at the previous tick. */
  networkRxPackets?: number;
  /** Processes the low-level watch described between ticks: a scanner gone before its burst is counted. */
  transients: RecentTransients;
}

const HALF_OPEN = new Set(['SYN_RECV', 'NEW_SYN_RECV']);
/** A scan's burst is counted at the tick after its scanner exited, or the one after that. */
const TRANSIENT_KEEP_MS = 5_000;

interface ScanSettings {
  config: NetworkScanConfig;
  /** config.ignoreSources as a set. */
  ignored: ReadonlySet<string>;
  outbound: OutboundScanSettings;
}

/** What this tick's kernel counters and neighbour table say, read once for the raw-scan and burst findings. */
interface KernelTick {
  neighbours: string[];
  /** Neighbours this host sent to since the burst began (entry timers), then those that just became active: the likely targets of its own scans. */
  targets: string[];
  /** Neighbours the entry timers show this host sent to since the burst began (undefined: no burst, or no timers). */
  touched: string[] | undefined;
  /** Packets received on non-loopback interfaces since the previous tick. */
  rxDelta: number | undefined;
  before: KernelCounters | undefined;
  intervalSec: number;
  burst: KernelBurst | null;
}

export function networkScanRule(overrides: Partial<NetworkScanConfig> = {}): Rule<NetworkScanState, NetworkScanConfig> {
  const config = { ...DEFAULT_NETWORK_SCAN_CONFIG, ...overrides };
  const settings: ScanSettings = { config, ignored: new Set(config.ignoreSources), outbound: outboundScanSettings(config) };
  return {
    id: 'network-scan',
    technique: NETWORK_SERVICE_DISCOVERY,
    defaultSeverity: config.severity,
    summary:
      'This host being scanned (one source touching many local ports; bursts of sent RSTs / ICMP unreachables, source named from half-open peers or the one neighbour this host answered during the burst, by its entry timers) or scanning others (one process reaching many hosts/ports, fast or slow; failed-connect bursts; a raw-socket holder while unanswered TCP replies arrive).',
    readme: {
      needs: ['sockets', 'owners', 'counters', 'neighbours', 'lowLevel', 'churn', 'interfaces'],
      detects:
        'This host being port-scanned (SYN or connect scan, open or closed ports; the scanner named from half-open peers or, on Linux, the one neighbour whose entry timers (`ip -s neigh`, re-read when this host just answered a burst of probes) show this host sent to it since the burst began — none when two were, or when the scanner’s entry was already REACHABLE, which moves no timer; never the gateway by guess), or scanning others: one process reaching ≥ 20 targets (SYN_SENT) or ≥ 10 ports of one host in 60 s, one port over ≥ 6 hosts left in SYN_SENT, or ≥ 8 addresses left unresolved (FAILED/INCOMPLETE neighbour entries) within 60 s by any prober — connect, raw SYN/ICMP or UDP (sweeps), slow scans (≥ 30 SYN_SENT targets in 5 min; or ≥ 20 refused connects over ≥ 12 ticks in 60 s for closed ports, which leave no socket), bursts of failed connects (`/proc/net/snmp`) named by the process the fd walk saw churning IP sockets or, for a scanner that exited before the tick, the one process seen between ticks whose command line names the target, a raw-socket / packet-socket holder (`/proc/net/{raw,packet}`) while TCP replies arrive that the stack never asked for, or an IPPROTO_RAW / raw-UDP holder while ≥ 5 ICMP unreachables arrive within 10 s (UDP scans; inbound UDP scans show as UDP NoPorts bursts) — named by process and targets, not reported as an inbound scan from the target',
    },
    config,
    thresholds: NETWORK_SCAN_THRESHOLDS,
    createState: createNetworkScanState,
    evaluate(snapshot, state, context) {
      const { homeNet, now } = context;
      const touched = trackConnections(snapshot, state, settings, context);
      const findings: Finding[] = [
        ...inboundFindings(touched.inbound, state, settings, homeNet, now),
        ...outboundFindings(touched.outbound, state, settings, now),
      ];
      const sweep = silentSweepFinding(
        { snapshot, state: state.silent, actors: state.outbound, churn: state.churn, now },
        { severity: config.severity, silentHosts: config.sweepSilentHosts, windowMs: config.windowMs },
      );
      pushNew(findings, sweep);
      const tick = readKernelTick(snapshot, state, config, now);
      rememberTransients(state.transients, snapshot.transientProcesses, now, TRANSIENT_KEEP_MS);
      // This host's own scans move the same counters: say so, and never blame the targets.
      const raw = rawScanFindings(snapshot, state, settings, now, tick);
      findings.push(...raw.forged);
      pushNew(findings, raw.udp);
      // A forged-datagram scan's replies must not come back as an inbound scan from its targets.
      const ownScan = raw.forged.length > 0 || raw.udp !== undefined;
      findings.push(...burstFindings(snapshot, state, settings, now, tick, ownScan));
      return findings;
    },
  };
}

function outboundScanSettings(config: NetworkScanConfig): OutboundScanSettings {
  return {
    severity: config.severity,
    distinctTargets: config.outboundDistinctTargets,
    portsPerHost: config.outboundPortsPerHost,
    sweepHosts: config.outboundSweepHosts,
    windowMs: config.windowMs,
    slowDistinctTargets: config.slowDistinctTargets,
    slowWindowMs: config.slowWindowMs,
    rawUnansweredRate: config.rawUnansweredRate,
    maxTracked: config.maxTracked,
  };
}

function createNetworkScanState(): NetworkScanState {
  return {
    tracker: new ConnectionTracker(),
    inbound: new Map(),
    outbound: new Map(),
    kernel: createKernelBurstState(),
    neighbours: new Map(),
    rawScanners: new Map(),
    churn: createSocketChurn(),
    refused: createRefusedStreamState(),
    silent: {},
    rawUdp: createRawUdpScanState(),
    transients: new Map(),
  };
}

/** A finding whose key is not among `findings` yet joins them. */
function pushNew(findings: Finding[], found: Finding | undefined): void {
  if (found && !findings.some((f) => f.key === found.key)) findings.push(found);
}

/**
 * Counts this tick's new and half-open connections: remote sources by the local ports they touch,
 * processes by the targets they try (and observes the socket churn the burst findings name processes by).
 */
function trackConnections(
  snapshot: HostSnapshot,
  state: NetworkScanState,
  { config, ignored }: ScanSettings,
  context: RuleContext,
): { inbound: Set<string>; outbound: Set<string> } {
  const { homeNet, now } = context;
  const isServerSide = inboundTest(snapshot);
  const inbound = new Set<string>();
  const outbound = new Set<string>();
  const fresh = freshConnections(snapshot, state.tracker, context);
  observeSocketChurn(state.churn, snapshot, now, Math.max(config.refusedWindowMs, 10_000));
  const freshKeys = new Set(fresh);
  // Half-open sockets count every tick they are seen (a SYN flood of one port keeps them alive).
  const halfOpenNow = halfOpenOf(snapshot.connections).filter((c) => !freshKeys.has(c));
  for (const c of halfOpenNow.length > 0 ? [...fresh, ...halfOpenNow] : fresh) {
    const halfOpen = HALF_OPEN.has(c.state);
    const isFresh = freshKeys.has(c);
    if (!hasPeer(c)) continue;
    // UDP "sessions" are rare and ambiguous (a resolver answering many client ports); UDP scans
    // show up as ICMP port-unreachable bursts instead.
    if (c.protocol === 'tcp' && (halfOpen || isServerSide(c))) {
      if (ignored.has(c.remoteAddress) || homeNet.isLocalHost(c.remoteAddress)) continue;
      touch(state.inbound, c.remoteAddress, `${c.protocol}/${c.localPort}`, now, c, config.maxTracked);
      inbound.add(c.remoteAddress);
    } else if (c.protocol === 'tcp' && !homeNet.isLocalHost(c.remoteAddress) && (isFresh || c.state === 'SYN_SENT')) {
      outbound.add(touchOutbound(state.outbound, c, now, config.maxTracked));
    }
  }
  const cutoff = now - config.windowMs;
  prune(state.inbound, cutoff);
  pruneOutbound(state.outbound, now - Math.max(config.windowMs, config.slowWindowMs));
  return { inbound, outbound };
}

/** Half-open connections of a list, found once per list (a quiet tick hands the same list again). */
const halfOpenOf = memoByList((connections: readonly Connection[]) => connections.filter((c) => HALF_OPEN.has(c.state)));

function inboundFindings(touched: Set<string>, state: NetworkScanState, { config }: ScanSettings, homeNet: HomeNet, now: number): Finding[] {
  const findings: Finding[] = [];
  const inboundSettings = { severity: config.severity, distinctPorts: config.inboundDistinctPorts, windowMs: config.windowMs };
  for (const source of touched) {
    const found = inboundScanFinding(source, state.inbound.get(source), homeNet, now, inboundSettings);
    if (found) findings.push(found);
  }
  return findings;
}

function outboundFindings(touched: Set<string>, state: NetworkScanState, { outbound }: ScanSettings, now: number): Finding[] {
  const findings: Finding[] = [];
  for (const who of touched) {
    const actor = state.outbound.get(who);
    const shape = actor ? scanShape(actor, now, outbound) : undefined;
    if (!actor || !shape) {
      if (actor) actor.reported = 0;
      continue;
    }
    if (shape.targets.length > actor.reported) findings.push(outboundFinding(who, actor, shape, outbound));
  }
  return findings;
}

function readKernelTick(snapshot: HostSnapshot, state: NetworkScanState, config: NetworkScanConfig, now: number): KernelTick {
  const neighbours = activeNeighbours(snapshot, state.neighbours, now, config.windowMs);
  const rxNow = networkRxPackets(snapshot);
  const rxDelta = rxNow !== undefined && state.networkRxPackets !== undefined ? rxNow - state.networkRxPackets : undefined;
  state.networkRxPackets = rxNow;
  const before = state.kernel.previous;
  const intervalSec = state.kernel.previousTime !== undefined ? (now - state.kernel.previousTime) / 1000 : 0;
  const burst = detectKernelBurst(snapshot.kernel, now, state.kernel, {
    counters: config.kernelCounters,
    minRate: config.kernelMinRate,
    baselineFactor: config.kernelBaselineFactor,
    baselineTicks: config.kernelBaselineTicks,
  });
  const activated = neighbours.filter((ip) => (state.neighbours.get(ip)?.activeSince ?? -Infinity) > -Infinity);
  const touched = burst ? touchedNeighbours(snapshot, burst.since) : undefined;
  const targets = touched ? [...new Set([...touched, ...activated])] : activated;
  return { neighbours, targets, touched, rxDelta, before, intervalSec, burst };
}

/** This host's own raw scans: a raw-socket holder while unanswered TCP replies arrive, a forged-UDP holder while ICMP unreachables do. */
function rawScanFindings(
  snapshot: HostSnapshot,
  state: NetworkScanState,
  { config, outbound }: ScanSettings,
  now: number,
  { before, intervalSec, targets }: KernelTick,
): { forged: Finding[]; udp: Finding | undefined } {
  const forged = rawScanEvidence(snapshot.lowLevelSockets, state.rawScanners, now, 10_000, { before, after: snapshot.kernel, intervalSec }, targets, outbound);
  const udp = rawUdpScanFinding(snapshot.lowLevelSockets, { before, after: snapshot.kernel }, state.rawUdp, now, targets, {
    severity: config.severity,
    minUnreachables: 5,
    windowMs: 10_000,
  });
  return { forged, udp };
}

/** Kernel-counter findings: a connect burst from this host, a slow stream of refused connects, an inbound scan's burst. */
function burstFindings(
  snapshot: HostSnapshot,
  state: NetworkScanState,
  { config, outbound }: ScanSettings,
  now: number,
  tick: KernelTick,
  ownScan: boolean,
): Finding[] {
  const { burst, before, neighbours } = tick;
  const findings: Finding[] = [];
  const connectBurst = burst && before && snapshot.kernel ? isConnectBurst(burst, before, snapshot.kernel) : false;
  // Probes refused on a LAN leave no socket: the neighbours this host talks to are the targets
  // (those that just became active first, else the few active ones).
  const probed = tick.targets.length > 0 ? tick.targets : neighbours.slice(0, 5);
  if (burst && connectBurst && !ownScan) {
    const churner = topChurner(state.churn, now - CHURN_SPAN_MS + 1);
    const byCommandLine = churner ? undefined : scannerByCommandLine(state.transients, probed);
    findings.push(connectBurstFinding(state.outbound, burst, probed, now, outbound, { churner, byCommandLine }));
  }
  const refused = refusedStreamFinding(state.refused, snapshot.kernel, now, state.churn, probed, burst !== null || ownScan, {
    severity: config.severity,
    minFails: config.refusedMinFails,
    minTicks: config.refusedMinTicks,
    windowMs: config.refusedWindowMs,
  });
  if (refused) findings.push(refused);
  if (burst && !connectBurst && !ownScan) {
    findings.push(
      inboundBurstFinding(
        { burst, before, after: snapshot.kernel, inbound: state.inbound, neighbours, touched: tick.touched, rxDelta: tick.rxDelta },
        config.severity,
      ),
    );
  }
  return findings;
}

// T1071.004 through the system's own resolver: a program other than a resolver sending a stream
// of DNS queries to the configured resolver or the local stub (127.0.0.53), as DNS tunnels and
// DNS exfiltration do.
//
// What /proc can show: a one-shot query socket (glibc, dig, a tunnel client) lives for one round
// trip, so a tick sees it only when the snapshot falls inside that round trip: at r queries/s and
// a round trip of d ms, a tick catches one with probability ≈ min(1, r·d/1000). A tunnel's names are
// never cached, so each query waits for the attacker's authoritative server (tens of ms): a stream
// of tens of queries/s is seen in most ticks, each time on a new socket (a new inode), or as a new
// `dig`/`host`/`nslookup` process. The kernel's `Udp: OutDatagrams` (/proc/net/snmp) counts every
// datagram, sampled or not, but for the whole host: it gives the rate, the sightings give the
// process. A socket sent with sendto() and never connect()ed shows no peer and cannot be told apart.
import type { Connection, Finding, HostSnapshot, ProcessInfo, ProcessRef, Severity } from '../../../src-shared/model';
import { SEVERITY_RANK, toProcessRef } from '../../../src-shared/model';
import { normalizeIp } from '../../../src-shared/net';
import { hasPeer, inboundTest } from '../connection-tracker';
import { finding, processLabel } from '../format';
import { indexProcesses } from '../lineage';
import { BROWSERS, baseName } from '../process-names';
import { topChurnerNow } from '../socket-churn';
import type { Rule } from '../types';
import { APPLICATION_LAYER_DNS, DEFAULT_DNS_ANOMALY_CONFIG } from './dns-anomaly';

export interface DnsQueryRateConfig {
  enabled: boolean;
  severity: Severity;
  /** Host UDP datagrams/s (kernel counter, over the window) at or above which a DNS client's sightings count. */
  minDatagramsPerSec: number;
  /** At or above this host rate the alert is HIGH. */
  highDatagramsPerSec: number;
  /** Distinct query sockets or DNS-tool processes one client must show in the window (churn, not one kept socket) … */
  minDistinct: number;
  /** … in at least this many ticks. */
  minSightingTicks: number;
  windowMs: number;
  /** The host rate is measured over this much of the most recent time. */
  rateWindowMs: number;
  /** Programs that are resolvers themselves (shared with the dns-anomaly rule). */
  resolverProcesses: string[];
  /** Browsers resolve in bursts as pages load (process names, lower case). */
  browsers: string[];
  /** One-shot DNS query programs: a stream of them is charged to their parent. */
  queryTools: string[];
  maxTracked: number;
}

export const DEFAULT_DNS_QUERY_RATE_CONFIG: DnsQueryRateConfig = {
  enabled: true,
  severity: 'MEDIUM',
  minDatagramsPerSec: 3,
  highDatagramsPerSec: 50,
  minDistinct: 4,
  minSightingTicks: 3,
  windowMs: 30_000,
  rateWindowMs: 10_000,
  resolverProcesses: DEFAULT_DNS_ANOMALY_CONFIG.resolverProcesses,
  browsers: [...BROWSERS],
  queryTools: ['dig', 'host', 'nslookup', 'drill', 'kdig', 'delv', 'dnsquery', 'resolvectl', 'getent'],
  maxTracked: 1_000,
};

interface Client {
  process: ProcessRef;
  /** Tick times with a sighting (ascending, within the window). */
  ticks: number[];
  /** Socket inodes or tool pids seen, with when (bounded). */
  distinct: Map<string, number>;
  resolvers: Set<string>;
  tools: Set<string>;
  /** Ticks whose ownerless query sockets were charged to it because it was opening sockets then. */
  churnTicks: number;
}

interface DnsQueryRateState {
  /** Host UDP OutDatagrams samples within the window. */
  samples: { time: number; value: number }[];
  clients: Map<string, Client>;
  /** The last process ownerless query sockets were charged to by socket churn. */
  lastChurnOwner?: { process: ProcessInfo; time: number };
}

export function dnsQueryRateRule(overrides: Partial<DnsQueryRateConfig> = {}): Rule<DnsQueryRateState, DnsQueryRateConfig> {
  const config = { ...DEFAULT_DNS_QUERY_RATE_CONFIG, ...overrides };
  const ignored = new Set([...config.resolverProcesses, ...config.browsers].map(baseName));
  const tools = new Set(config.queryTools);
  return {
    id: 'dns-query-rate',
    technique: APPLICATION_LAYER_DNS,
    defaultSeverity: config.severity,
    summary: `A program other than a resolver streaming DNS queries through the configured resolver or local stub: ${config.minDistinct}+ query sockets or dig/host/nslookup runs seen in ${config.minSightingTicks}+ ticks within ${config.windowMs / 1000} s while the host sends ${config.minDatagramsPerSec}+ UDP datagrams/s over ${config.rateWindowMs / 1000} s (/proc/net/snmp); HIGH from ${config.highDatagramsPerSec}/s.`,
    readme: {
      needs: ['sockets', 'owners', 'counters', 'churn', 'processes', 'resolvers'],
      detects:
        "DNS query streams through the system's own resolver or local stub (127.0.0.53): a program that is not a resolver or a browser showing ≥ 4 fresh query sockets (or `dig`/`host`/`nslookup` runs, charged to their parent) in ≥ 3 ticks within 30 s while the host sends ≥ 3 UDP datagrams/s (kernel `Udp: OutDatagrams`, over 10 s); HIGH from 50/s. A one-shot query socket is only visible while its query is in flight, so the sightings are a sample; one whose owner was gone before the fd walk is charged to the same-uid process seen churning IP sockets then; queries sent with `sendto()` on an unconnected socket show no peer and are not attributed",
    },
    config,
    createState: () => ({ samples: [], clients: new Map() }),
    evaluate(snapshot, state, context) {
      const { now } = context;
      const cutoff = now - config.windowMs;
      if (snapshot.kernel) state.samples.push({ time: now, value: snapshot.kernel.udpOutDatagrams });
      while (state.samples.length > 2 && (state.samples[1] as { time: number }).time <= now - config.rateWindowMs) state.samples.shift();
      const churnCharged = new Set<string>();
      const seen = sightings(snapshot, state, now, churnCharged);
      for (const [key, sighting] of seen) record(state, key, sighting, now, churnCharged.has(key));
      for (const [key, client] of state.clients) {
        while (client.ticks.length > 0 && (client.ticks[0] as number) < cutoff) client.ticks.shift();
        for (const [id, time] of client.distinct) if (time < cutoff) client.distinct.delete(id);
        if (client.ticks.length === 0) state.clients.delete(key);
      }
      const rate = hostRate(state);
      const findings: Finding[] = [];
      for (const key of seen.keys()) {
        const client = state.clients.get(key);
        if (!client || rate === null || rate < config.minDatagramsPerSec) continue;
        if (client.distinct.size < config.minDistinct || client.ticks.length < config.minSightingTicks) continue;
        findings.push(streamFinding(key, client, rate));
      }
      return findings;
    },
  };

  interface Sighting {
    process: ProcessRef;
    ids: string[];
    resolvers: string[];
    tool?: string;
  }

  /** DNS clients this tick: processes with a connected query socket to port 53, and parents of query tools. */
  /**
   * The likely owner of an ownerless query socket: the same-uid process the fd walk saw opening
   * sockets this tick, else the one charged so within the last 10 s while it still runs.
   */
  function orphanOwner(snapshot: HostSnapshot, uid: number | undefined, state: DnsQueryRateState, now: number): ProcessInfo | undefined {
    const sameUid = (p: ProcessInfo): boolean => uid === undefined || p.uid === uid;
    const current = topChurnerNow(snapshot, (p) => sameUid(p) && !ignored.has(baseName(p.name)));
    if (current) {
      state.lastChurnOwner = { process: current, time: now };
      return current;
    }
    const last = state.lastChurnOwner;
    if (!last || last.time < now - 10_000 || !sameUid(last.process)) return undefined;
    return snapshot.processes.find((p) => p.pid === last.process.pid && p.startTime === last.process.startTime);
  }

  function sightings(snapshot: HostSnapshot, state: DnsQueryRateState, now: number, churnCharged: Set<string>): Map<string, Sighting> {
    const out = new Map<string, Sighting>();
    const add = (process: ProcessRef, id: string, resolver?: string, tool?: string): void => {
      const key = `${process.pid}|${baseName(process.name)}`;
      let s = out.get(key);
      if (!s) out.set(key, (s = { process, ids: [], resolvers: [] }));
      if (tool) s.tool = tool;
      if (s.ids.length < 100) s.ids.push(id);
      if (resolver && !s.resolvers.includes(resolver) && s.resolvers.length < 10) s.resolvers.push(resolver);
    };
    const isServerSide = inboundTest(snapshot);
    let index: ReturnType<typeof indexProcesses> | undefined;
    /** A query tool's sockets and runs are charged to the program that starts it. */
    const chargedTo = (p: ProcessRef): { who: ProcessRef; tool?: string } => {
      const name = baseName(p.name);
      if (!tools.has(name)) return { who: p };
      index ??= indexProcesses(snapshot);
      const parent = p.ppid !== undefined ? index.get(p.ppid) : undefined;
      return { who: parent ? toProcessRef(parent) : p, tool: name };
    };
    for (const c of snapshot.connections) {
      if (!isQuerySocket(c) || isServerSide(c)) continue;
      if (c.process && ignored.has(baseName(c.process.name))) continue;
      const resolver = normalizeIp(c.remoteAddress) ?? c.remoteAddress;
      const id = `socket:${c.inode || `${c.localAddress}:${c.localPort}`}`;
      // A one-shot socket often closes before the descriptor scan can name its owner: charge it to
      // the process of its uid that the fd walk saw opening sockets this tick, if any.
      if (!c.process) {
        const churner = orphanOwner(snapshot, c.uid, state, now);
        if (churner) {
          const { who, tool } = chargedTo(toProcessRef(churner));
          add(who, id, resolver, tool);
          churnCharged.add(`${who.pid}|${baseName(who.name)}`);
        } else add(UNATTRIBUTED, id, resolver);
      } else {
        const { who, tool } = chargedTo(c.process);
        add(who, id, resolver, tool);
      }
    }
    for (const p of snapshot.processes) {
      if (!tools.has(baseName(p.name))) continue;
      const { who, tool } = chargedTo(toProcessRef(p));
      add(who, `pid:${p.pid}:${p.startTime ?? ''}`, undefined, tool);
    }
    return out;
  }

  function record(state: DnsQueryRateState, key: string, sighting: Sighting, now: number, byChurn: boolean): void {
    let client = state.clients.get(key);
    if (!client) {
      if (state.clients.size >= config.maxTracked) return;
      state.clients.set(key, (client = { process: sighting.process, ticks: [], distinct: new Map(), resolvers: new Set(), tools: new Set(), churnTicks: 0 }));
    }
    if (byChurn) client.churnTicks++;
    client.process = sighting.process;
    client.ticks.push(now);
    for (const id of sighting.ids) if (client.distinct.size < 10_000 && !client.distinct.has(id)) client.distinct.set(id, now);
    for (const r of sighting.resolvers) if (client.resolvers.size < 10) client.resolvers.add(r);
    if (sighting.tool && client.tools.size < 10) client.tools.add(sighting.tool);
  }

  function streamFinding(key: string, client: Client, rate: number): Finding {
    const severity: Severity = rate >= config.highDatagramsPerSec && SEVERITY_RANK.HIGH > SEVERITY_RANK[config.severity] ? 'HIGH' : config.severity;
    const first = client.ticks[0] as number;
    const last = client.ticks[client.ticks.length - 1] as number;
    const spanSec = Math.max(1, (last - first) / 1000);
    const attributed = client.process !== UNATTRIBUTED;
    const who = attributed ? processLabel(client.process) : 'a program whose sockets closed before their owner could be read';
    const ids = [...client.distinct.keys()];
    const sockets = ids.filter((id) => id.startsWith('socket:')).length;
    const runs = ids.length - sockets;
    const via = [sockets > 0 ? `${sockets} query sockets` : '', runs > 0 ? `${runs} runs of ${[...client.tools].join('/')}` : ''].filter(Boolean).join(' and ');
    const to = client.resolvers.size > 0 ? ` to ${[...client.resolvers].join(', ')}` : '';
    return finding({
      key,
      severity,
      title: `DNS query stream from ${attributed ? processLabel(client.process) : 'an unattributed program'} (~${Math.round(rate)} datagrams/s)`,
      description: `${who} showed ${via}${to} in ${client.ticks.length} ticks over ${Math.round(spanSec)} s while the host sent ${Math.round(rate)} UDP datagrams/s: a query stream this steady from a program that is not a resolver is how DNS tunnels and DNS exfiltration work.`,
      process: attributed ? client.process : undefined,
      evidence: {
        kind: 'query-stream-via-resolver',
        hostUdpDatagramsPerSec: Math.round(rate * 10) / 10,
        distinctQuerySockets: sockets,
        distinctToolRuns: runs,
        sightingTicks: client.ticks.length,
        ticksChargedBySocketChurn: client.churnTicks,
        windowSec: config.windowMs / 1000,
        resolvers: [...client.resolvers],
        tools: [...client.tools],
        note: "sockets and tool runs are sampled once per tick (a lower bound); the datagram rate is the whole host's",
      },
    });
  }
}

/** Stands for the owner of query sockets that closed before their owner could be read. */
const UNATTRIBUTED: ProcessRef = { pid: -1, name: 'unattributed' };

function isQuerySocket(c: Connection): boolean {
  return c.protocol === 'udp' && c.remotePort === 53 && c.localPort !== 53 && hasPeer(c);
}

/** Host UDP datagrams/s over the samples kept (null until two samples exist). */
function hostRate(state: DnsQueryRateState): number | null {
  const first = state.samples[0];
  const last = state.samples[state.samples.length - 1];
  if (!first || !last || last.time <= first.time) return null;
  return Math.max(0, last.value - first.value) / ((last.time - first.time) / 1000);
}

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
import type { Finding, ProcessRef, Severity } from '../../../src-shared/model';
import { SEVERITY_RANK } from '../../../src-shared/model';
import { finding, processLabel } from '../format';
import { BROWSERS, baseName } from '../process-names';
import type { Rule } from '../types';
import { APPLICATION_LAYER_DNS, DEFAULT_DNS_ANOMALY_CONFIG } from './dns-anomaly';
import { dnsSightings, UNATTRIBUTED, type ChurnMemory, type Sighting } from './dns-query-sightings';

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

interface DnsQueryRateState extends ChurnMemory {
  /** Host UDP OutDatagrams samples within the window. */
  samples: { time: number; value: number }[];
  clients: Map<string, Client>;
}

export function dnsQueryRateRule(overrides: Partial<DnsQueryRateConfig> = {}): Rule<DnsQueryRateState, DnsQueryRateConfig> {
  const config = { ...DEFAULT_DNS_QUERY_RATE_CONFIG, ...overrides };
  const ignored = new Set([...config.resolverProcesses, ...config.browsers].map(baseName));
  const rules = { ignored, tools: new Set(config.queryTools) };
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
      const seen = dnsSightings(snapshot, state, now, rules, churnCharged);
      for (const [key, sighting] of seen) record(config, state, key, sighting, now, churnCharged.has(key));
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
        findings.push(streamFinding(config, key, client, rate));
      }
      return findings;
    },
  };
}

function record(config: DnsQueryRateConfig, state: DnsQueryRateState, key: string, sighting: Sighting, now: number, byChurn: boolean): void {
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

function streamFinding(config: DnsQueryRateConfig, key: string, client: Client, rate: number): Finding {
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

/** Host UDP datagrams/s over the samples kept (null until two samples exist). */
function hostRate(state: DnsQueryRateState): number | null {
  const first = state.samples[0];
  const last = state.samples[state.samples.length - 1];
  if (!first || !last || last.time <= first.time) return null;
  return Math.max(0, last.value - first.value) / ((last.time - first.time) / 1000);
}

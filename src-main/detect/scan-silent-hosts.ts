// This host probing addresses that never answer. Every probe to a silent address on a local link
// leaves a FAILED / INCOMPLETE neighbour entry (the kernel asked who has it; nobody replied),
// whatever sent it: connect(), a raw-socket SYN or ICMP ping, a UDP probe. A sweep of one port
// over a mostly empty subnet is over within a tick or two and leaves few sockets to see, but it
// leaves these entries. The prober is named from the attempts seen in the socket tables (the
// hosts it tried), else from a raw/ping-socket holder, else from the fd walk's socket churn.
import type { Finding, HostSnapshot, LowLevelSocket, ProcessRef, Severity, UnresolvedNeighbour } from '../../src-shared/model';
import { finding, processLabel } from './format';
import { craftsTcp, holdersByPid, isSystemNetworkDaemon, LINK_DAEMONS, sendsIcmp } from './low-level-holders';
import type { OutboundActors } from './scan-outbound';
import { topChurner, type SocketChurn } from './socket-churn';

export interface SilentHostsState {
  /** The latest first-seen time at the first tick: entries seen by then predate the monitor and are not counted. */
  baseline?: number;
  /** The latest first-seen time already counted: later ones are new this tick (the collector's clock, not the tick's). */
  countedUpTo?: number;
}

export interface SilentSweepSettings {
  severity: Severity;
  /** New unresolved neighbours within `windowMs` that make a sweep. */
  silentHosts: number;
  windowMs: number;
}

interface Prober {
  who: string;
  process?: ProcessRef;
  via: 'connections' | 'raw-socket' | 'socket-churn' | 'unknown';
  /** Ports tried on the silent hosts (connections only), most tried first. */
  ports: number[];
  /** Every host the prober tried within the window, silent or not. */
  hosts: string[];
}

/** Silent addresses first seen within the window (after the first tick), and whether any is new this tick. */
export function recentSilentHosts(
  unresolved: readonly UnresolvedNeighbour[] | undefined,
  state: SilentHostsState,
  now: number,
  windowMs: number,
): { hosts: string[]; fresh: number } {
  let latest = -Infinity;
  for (const n of unresolved ?? []) latest = Math.max(latest, n.firstSeen);
  if (state.baseline === undefined) {
    state.baseline = state.countedUpTo = latest;
    return { hosts: [], fresh: 0 };
  }
  const counted = state.countedUpTo ?? -Infinity;
  state.countedUpTo = Math.max(counted, latest);
  const hosts = new Set<string>();
  let fresh = 0;
  for (const n of unresolved ?? []) {
    if (n.firstSeen <= state.baseline || n.firstSeen < now - windowMs) continue;
    hosts.add(n.ip);
    if (n.firstSeen > counted) fresh++;
  }
  return { hosts: [...hosts], fresh };
}

/** The busiest socket openers since `since`, as `name (pid): n` for evidence. */
function topChurners(churn: SocketChurn, since: number, max: number): string[] {
  const rows: [string, number][] = [];
  for (const entry of churn.byPid.values()) {
    let opened = 0;
    for (const o of entry.opens) if (o.time >= since) opened += o.count;
    if (opened > 0) rows.push([`${processLabel(entry.process)}: ${opened}`, opened]);
  }
  return rows
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([text]) => text);
}

const hostOf = (target: string): string => target.slice(0, target.lastIndexOf(':'));
const portOf = (target: string): number => Number(target.slice(target.lastIndexOf(':') + 1));

/** The process with the most recent attempts to the silent hosts; its ports and every host it tried. */
function connectingProber(actors: OutboundActors, silent: ReadonlySet<string>, since: number): Prober | undefined {
  let best: { who: string; hits: number; ports: Map<number, number> } | undefined;
  for (const [who, actor] of actors) {
    if (who === '?') continue;
    let hits = 0;
    const ports = new Map<number, number>();
    for (const [target, t] of actor.touches) {
      if (t.time < since || !silent.has(hostOf(target))) continue;
      hits++;
      ports.set(portOf(target), (ports.get(portOf(target)) ?? 0) + 1);
    }
    if (hits > 0 && (!best || hits > best.hits)) best = { who, hits, ports };
  }
  const actor = best ? actors.get(best.who) : undefined;
  if (!best || !actor) return undefined;
  const ports = [...best.ports.entries()].sort((a, b) => b[1] - a[1]).map(([port]) => port);
  const tried = new Set(ports);
  const hosts = new Set<string>();
  for (const [target, t] of actor.touches) if (t.time >= since && tried.has(portOf(target))) hosts.add(hostOf(target));
  return { who: best.who, ...(actor.process ? { process: actor.process } : {}), via: 'connections', ports, hosts: [...hosts] };
}

/** Holders of sockets that send probes without the TCP stack (raw TCP, IPPROTO_RAW, ping/ICMP), link daemons aside. */
function rawProber(sockets: readonly LowLevelSocket[] | undefined): Prober | undefined {
  const holders = holdersByPid(sockets, (s) => craftsTcp(s) || sendsIcmp(s), 50);
  for (const holder of holders.values()) {
    if (isSystemNetworkDaemon(holder.process, LINK_DAEMONS)) continue;
    return { who: holder.process.name, process: holder.process, via: 'raw-socket', ports: [], hosts: [] };
  }
  return undefined;
}

export interface SilentSweepInput {
  snapshot: HostSnapshot;
  state: SilentHostsState;
  actors: OutboundActors;
  churn: SocketChurn;
  now: number;
}

/** A finding when this tick brought new silent addresses and the window holds at least `silentHosts` of them. */
export function silentSweepFinding(input: SilentSweepInput, s: SilentSweepSettings): Finding | undefined {
  const { snapshot, state, actors, churn, now } = input;
  const { hosts: silent, fresh } = recentSilentHosts(snapshot.unresolvedNeighbours, state, now, s.windowMs);
  if (fresh === 0 || silent.length < s.silentHosts) return undefined;
  const since = now - s.windowMs;
  const silentSet = new Set(silent);
  // Socket churn names a prober only in proportion to the addresses probed: a tool opening a
  // netlink socket or two (ss, ip) in the same ticks is no sweep.
  const busiest = topChurner(churn, now - 3_000);
  const churner = busiest && busiest.opened >= 3 && busiest.opened * 4 >= silent.length ? busiest : undefined;
  const churners = topChurners(churn, now - 3_000, 3);
  const prober: Prober = connectingProber(actors, silentSet, since) ??
    rawProber(snapshot.lowLevelSockets) ??
    (churner ? { who: churner.process.name, process: churner.process, via: 'socket-churn', ports: [], hosts: [] } : undefined) ?? {
      who: '?',
      via: 'unknown',
      ports: [],
      hosts: [],
    };
  const targets = [...new Set([...prober.hosts, ...silent])];
  const label = prober.process ? processLabel(prober.process) : 'this host';
  const portText = prober.ports.length > 0 ? ` on port${prober.ports.length > 1 ? 's' : ''} ${prober.ports.slice(0, 5).join(', ')}` : '';
  return finding({
    key: `out|${prober.who}`,
    // Unnamed, the sweep is still this host's own doing: HIGH once it is twice the threshold.
    severity: prober.via !== 'unknown' || silent.length >= 2 * s.silentHosts ? s.severity : 'MEDIUM',
    title: `Outbound sweep by ${label}: ${silent.length} silent addresses probed`,
    description: `${label} probed ${targets.length} addresses${portText} within ${s.windowMs / 1000} s; ${silent.length} never answered (neighbour entries left FAILED/INCOMPLETE): a sweep for live hosts. Prober named from ${prober.via === 'connections' ? 'its connection attempts' : prober.via === 'raw-socket' ? 'the raw/ICMP sockets it holds' : prober.via === 'socket-churn' ? 'the sockets it opened' : 'nothing seen (process not identified)'}.`,
    process: prober.process,
    evidence: {
      direction: 'outbound',
      scanKind: 'sweep',
      silentHosts: silent.length,
      newSilentThisTick: fresh,
      distinctHosts: targets.length,
      targetHosts: targets.slice(0, 50),
      ports: prober.ports.slice(0, 20),
      proberFrom: prober.via,
      windowSec: s.windowMs / 1000,
      socketsOpenedBy: churners,
    },
    occurrences: fresh,
  });
}

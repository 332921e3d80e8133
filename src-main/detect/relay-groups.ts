// The processes that may relay: one program or one shell pipeline (`nc -l … < f | nc host port > f`)
// with the connections it accepted, its listeners and its outbound legs, a descendant's legs
// included (relay-lineage.ts). Proxies by trade form no group.
import type { Connection, HostSnapshot, ListeningPort, ProcessRef } from '../../src-shared/model';
import type { HomeNet } from '../../src-shared/net';
import { hasPeer, inboundTest } from './connection-tracker';
import { indexProcesses, type ProcessIndex } from './lineage';
import { baseName, isShell } from './process-names';
import { acceptingGroups, type RelayGroup as Group } from './relay-lineage';

export interface RelayGrouping {
  /** Proxies and servers whose job is to relay (process names, lower case): they form no group. */
  proxies: ReadonlySet<string>;
  /** The kernel's ephemeral range: a connection from a port below it to a port inside it was accepted. */
  ephemeralPorts: readonly [number, number];
  /** Most listeners remembered. */
  maxTracked: number;
}

/** Listeners seen, by listenerKey (pid and port), with when: their later connections on that port were accepted. */
export type SeenListeners = Map<number, number>;

type Owned = Connection & { process: ProcessRef };

/** pid and port in one number (pids < 2^22, ports < 2^16): no text per connection. */
const listenerKey = (pid: number, port: number): number => pid * 65_536 + port;

// Connected UDP sockets count too: a UDP relay's fork child connects one to its client and one to the exit.
const usable = (c: Connection): c is Owned =>
  c.process !== undefined && (c.protocol === 'tcp' || c.protocol === 'udp') && c.state === 'ESTABLISHED' && hasPeer(c);

/** Processes of one shell pipeline form one group (`nc -l … < f | nc host port > f`). */
function groupKey(p: ProcessRef, index: ProcessIndex): string {
  const parent = p.ppid !== undefined ? index.get(p.ppid) : undefined;
  return parent && isShell(parent.name) && !isShell(p.name) ? `pipeline:${parent.pid}` : `pid:${p.pid}`;
}

/** Groups holding a listener or an accepted connection (usually few), then their outbound legs. */
export function collectRelayGroups(
  snapshot: HostSnapshot,
  listened: SeenListeners,
  { homeNet, now }: { homeNet: HomeNet; now: number },
  settings: RelayGrouping,
): Map<string, Group> {
  const { connections, listening } = snapshot;
  const isServerSide = serverSideTest(snapshot, listened, now, settings);
  const index = indexProcesses(snapshot);
  const { groups, keyOf, groupOf } = grouper(index, settings.proxies);
  for (const c of connections) if (usable(c) && isServerSide(c)) groupOf(c.process)?.accepted.push(c);
  for (const l of listening) {
    if (l.protocol !== 'tcp' || !l.process) continue;
    const group = groupOf(l.process);
    if (group && group.listening.length < 16) group.listening.push(l);
  }
  if (groups.size === 0) return groups;
  const accepting = acceptingGroups(groups, keyOf, index);
  for (const c of connections) {
    if (!usable(c) || isServerSide(c) || c.direction === 'local') continue;
    const key = keyOf(c.process);
    const own = key === null ? undefined : groups.get(key);
    const group = own ?? accepting(c.process);
    if (!group || group.outbound.length >= 64 || homeNet.isLocalHost(c.remoteAddress)) continue;
    if (group.members.size < 8) group.members.set(c.process.pid, c.process);
    if (!own) group.childLegs.add(c);
    group.outbound.push(c);
  }
  return groups;
}

/** Accepted connections: inbound, on a port its process listened on (remembered here), or from a port below the ephemeral range to one in it. */
function serverSideTest(snapshot: HostSnapshot, listened: SeenListeners, now: number, settings: RelayGrouping): (c: Connection) => boolean {
  const inbound = inboundTest(snapshot);
  const [ephemeralLow, ephemeralHigh] = settings.ephemeralPorts;
  const inEphemeral = (port: number): boolean => port >= ephemeralLow && port <= ephemeralHigh;
  rememberListeners(snapshot.listening, listened, now, settings.maxTracked);
  return (c) =>
    inbound(c) ||
    (c.process !== undefined && listened.has(listenerKey(c.process.pid, c.localPort))) ||
    (!inEphemeral(c.localPort) && inEphemeral(c.remotePort));
}

function rememberListeners(listening: readonly ListeningPort[], listened: SeenListeners, now: number, maxTracked: number): void {
  for (const l of listening) {
    if (l.protocol === 'tcp' && l.process && listened.size < maxTracked) listened.set(listenerKey(l.process.pid, l.port), now);
  }
  // A pid's listener is remembered for 10 minutes (pids are reused slowly).
  for (const [key, time] of listened) if (time < now - 600_000) listened.delete(key);
}

/** Groups by process or shell pipeline; a proxy by trade has no key (null) and no group. */
function grouper(index: ProcessIndex, proxies: ReadonlySet<string>) {
  const keyOfPid = new Map<number, string | null>();
  const keyOf = (p: ProcessRef): string | null => {
    let key = keyOfPid.get(p.pid);
    if (key === undefined) keyOfPid.set(p.pid, (key = proxies.has(baseName(p.name)) ? null : groupKey(p, index)));
    return key;
  };
  const groups = new Map<string, Group>();
  /** The process's group, created on first use; undefined for proxies by trade. */
  const groupOf = (p: ProcessRef): Group | undefined => {
    const key = keyOf(p);
    if (key === null) return undefined;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { members: new Map(), accepted: [], outbound: [], listening: [], childLegs: new Set(), socketStdio: new Set() }));
    if (group && group.members.size < 8) group.members.set(p.pid, p);
    return group;
  };
  return { groups, keyOf, groupOf };
}

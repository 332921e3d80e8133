// Who sent DNS queries this tick, as a snapshot can show it: connected query sockets to port 53
// (ownerless ones charged to the process the fd walk saw churning sockets), and runs of one-shot
// query tools (dig, host, nslookup …), charged to the program that starts them.
import type { Connection, HostSnapshot, ProcessInfo, ProcessRef } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';
import { normalizeIp } from '../../../src-shared/net';
import { hasPeer, inboundTest } from '../connection-tracker';
import { indexProcesses } from '../lineage';
import { baseName } from '../process-names';
import { topChurnerNow } from '../socket-churn';
import { memoByList } from '../list-memo';

export interface Sighting {
  process: ProcessRef;
  ids: string[];
  resolvers: string[];
  tool?: string;
}

/** The last process ownerless query sockets were charged to by socket churn. */
export interface ChurnMemory {
  lastChurnOwner?: { process: ProcessInfo; time: number };
}

export interface SightingRules {
  /** Resolvers and browsers (base names): never charged. */
  ignored: ReadonlySet<string>;
  /** One-shot query programs (base names). */
  tools: ReadonlySet<string>;
}

/** Stands for the owner of query sockets that closed before their owner could be read. */
export const UNATTRIBUTED: ProcessRef = { pid: -1, name: 'unattributed' };

export function isQuerySocket(c: Connection): boolean {
  return c.protocol === 'udp' && c.remotePort === 53 && c.localPort !== 53 && hasPeer(c);
}

/** Client sockets to port 53 (UDP and TCP) of a connection list: a few among thousands. */
export const dnsClientSockets = memoByList((connections: readonly Connection[]): Connection[] =>
  connections.filter((c) => c.remotePort === 53 && c.localPort !== 53 && hasPeer(c)),
);

export function clientKey(process: ProcessRef): string {
  return `${process.pid}|${baseName(process.name)}`;
}

/**
 * The likely owner of an ownerless query socket: the same-uid process the fd walk saw opening
 * sockets this tick, else the one charged so within the last 10 s while it still runs.
 */
function orphanOwner(snapshot: HostSnapshot, uid: number | undefined, memory: ChurnMemory, now: number, rules: SightingRules): ProcessInfo | undefined {
  const sameUid = (p: ProcessInfo): boolean => uid === undefined || p.uid === uid;
  const current = topChurnerNow(snapshot, (p) => sameUid(p) && !rules.ignored.has(baseName(p.name)));
  if (current) {
    memory.lastChurnOwner = { process: current, time: now };
    return current;
  }
  const last = memory.lastChurnOwner;
  if (!last || last.time < now - 10_000 || !sameUid(last.process)) return undefined;
  return snapshot.processes.find((p) => p.pid === last.process.pid && p.startTime === last.process.startTime);
}

/** DNS clients this tick by client key; `churnCharged` gets the keys charged through socket churn. */
export function dnsSightings(snapshot: HostSnapshot, memory: ChurnMemory, now: number, rules: SightingRules, churnCharged: Set<string>): Map<string, Sighting> {
  const out = new Map<string, Sighting>();
  const add = (process: ProcessRef, id: string, resolver?: string, tool?: string): void => {
    const key = clientKey(process);
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
    if (!rules.tools.has(name)) return { who: p };
    index ??= indexProcesses(snapshot);
    const parent = p.ppid !== undefined ? index.get(p.ppid) : undefined;
    return { who: parent ? toProcessRef(parent) : p, tool: name };
  };
  for (const c of dnsClientSockets(snapshot.connections)) {
    if (!isQuerySocket(c) || isServerSide(c)) continue;
    if (c.process && rules.ignored.has(baseName(c.process.name))) continue;
    const resolver = normalizeIp(c.remoteAddress) ?? c.remoteAddress;
    const id = `socket:${c.inode || `${c.localAddress}:${c.localPort}`}`;
    // A one-shot socket often closes before the descriptor scan can name its owner: charge it to
    // the process of its uid that the fd walk saw opening sockets this tick, if any.
    const churner = c.process ? undefined : orphanOwner(snapshot, c.uid, memory, now, rules);
    const owner = c.process ?? (churner ? toProcessRef(churner) : undefined);
    if (!owner) {
      add(UNATTRIBUTED, id, resolver);
      continue;
    }
    const { who, tool } = chargedTo(owner);
    add(who, id, resolver, tool);
    if (!c.process) churnCharged.add(clientKey(who));
  }
  for (const p of snapshot.processes) {
    if (!rules.tools.has(baseName(p.name))) continue;
    const { who, tool } = chargedTo(toProcessRef(p));
    add(who, `pid:${p.pid}:${p.startTime ?? ''}`, undefined, tool);
  }
  return out;
}

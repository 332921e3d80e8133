// Path finding over the I/O graph (snapshot.ioChannels): from one process's stdin, stdout or
// stderr, through pipes, FIFOs, ptys and socketpairs, to a process holding a network connection.
import type { Connection, IoChannel } from '../../src-shared/model';

/** One step of a path: the channel taken and the process it reached. */
export interface IoStep {
  channel: IoChannel;
  /** The fd by which the reached process holds the channel (-1 when unknown). */
  fd: number;
  master: boolean;
  pid: number;
}

export interface IoPath {
  /** The starting process's stdio fd (0, 1 or 2). */
  fd: number;
  steps: IoStep[];
  /** A connection of the last process. */
  connection: Connection;
}

export type ChannelIndex = Map<number, IoChannel[]>;

/** pid → the channels it holds. */
export function indexChannels(channels: readonly IoChannel[]): ChannelIndex {
  const index: ChannelIndex = new Map();
  for (const channel of channels) {
    const seen = new Set<number>();
    for (const end of channel.ends) {
      if (seen.has(end.pid)) continue;
      seen.add(end.pid);
      const list = index.get(end.pid);
      if (list) list.push(channel);
      else index.set(end.pid, [channel]);
    }
  }
  return index;
}

/**
 * pid → its connections to a remote peer (`isRemote` decides which addresses count: the rule
 * passes non-loopback, tests may allow loopback). Listeners and TIME_WAIT have no owner to drive.
 */
export function networkedPids(connections: readonly Connection[], isRemote: (c: Connection) => boolean): Map<number, Connection[]> {
  const byPid = new Map<number, Connection[]>();
  for (const c of connections) {
    const pid = c.process?.pid;
    if (pid === undefined || c.remotePort === 0 || c.state === 'LISTEN' || c.state === 'TIME_WAIT' || !isRemote(c)) continue;
    const list = byPid.get(pid);
    if (list) list.push(c);
    else byPid.set(pid, [c]);
  }
  return byPid;
}

export interface PathSearch {
  index: ChannelIndex;
  networked: ReadonlyMap<number, readonly Connection[]>;
  /** Processes a path may not pass through or end at (trusted remote-login servers …). */
  skip?: (pid: number) => boolean;
  /** Processes after the start (default 2). */
  maxHops?: number;
}

function stepsFrom(pid: number, channel: IoChannel, exclude: ReadonlySet<number>): IoStep[] {
  const steps: IoStep[] = [];
  const seen = new Set<number>();
  for (const end of channel.ends) {
    if (exclude.has(end.pid) || seen.has(end.pid) || end.pid === pid) continue;
    seen.add(end.pid);
    steps.push({ channel, fd: end.fd, master: end.master === true, pid: end.pid });
  }
  return steps;
}

/**
 * Every shortest path (one per stdio fd and first channel) from `start`'s fds 0-2 to a networked
 * process within `maxHops` processes. The first hop leaves by one of start's stdio ends; later hops
 * by any channel of the process reached.
 */
export function findNetworkPaths(start: number, search: PathSearch): IoPath[] {
  const maxHops = search.maxHops ?? 2;
  const paths: IoPath[] = [];
  for (const channel of search.index.get(start) ?? []) {
    const stdioFds = channel.ends.filter((e) => e.pid === start && !e.master && e.fd >= 0 && e.fd <= 2).map((e) => e.fd);
    if (stdioFds.length === 0) continue;
    const found = walk(start, [], channel, search, maxHops);
    if (found) for (const fd of stdioFds) paths.push({ fd, ...found });
  }
  return paths;
}

function walk(
  start: number,
  before: IoStep[],
  channel: IoChannel,
  search: PathSearch,
  hopsLeft: number,
): { steps: IoStep[]; connection: Connection } | undefined {
  const visited = new Set([start, ...before.map((s) => s.pid)]);
  const next = stepsFrom(start, channel, visited).filter((s) => !search.skip?.(s.pid));
  for (const step of next) {
    const connection = search.networked.get(step.pid)?.[0];
    if (connection) return { steps: [...before, step], connection };
  }
  if (hopsLeft <= 1) return undefined;
  for (const step of next) {
    for (const onward of search.index.get(step.pid) ?? []) {
      if (onward === channel) continue;
      const found = walk(start, [...before, step], onward, search, hopsLeft - 1);
      if (found) return found;
    }
  }
  return undefined;
}

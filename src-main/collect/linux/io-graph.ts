// The I/O graph: which processes share a pipe, FIFO, pseudo-terminal or socketpair with another
// process's stdin, stdout or stderr. Pure: built from the fd tables the fd walk keeps.
import type { IoChannel, IoEnd } from '../../../src-shared/model';
import type { IoLink } from './fd-io';

export interface FdTable {
  pid: number;
  ppid: number | undefined;
  /** fd number → pipe, pty or stdio FIFO. */
  io: ReadonlyMap<number, IoLink>;
  /** Socket inodes on fds 0, 1, 2 (undefined where not a socket). */
  stdioSockets: readonly (number | undefined)[];
  /** Every socket the process holds, inode → fd; asked for only when a socketpair peer is looked for. */
  sockets: () => ReadonlyMap<number, number>;
}

export interface IoGraphLimits {
  /** Channels kept (default 5000); the rest are dropped, which only hides paths. */
  maxChannels?: number;
  /** Ends kept per channel (default 32): a pipe inherited by hundreds of processes says little. */
  maxEnds?: number;
}

function linkKey(link: IoLink): string | undefined {
  switch (link.kind) {
    case 'pipe':
      return `pipe:${link.inode}`;
    case 'fifo':
      return `fifo:${link.id}`;
    case 'pts':
      return `pty:${link.index}`;
    case 'ptmx':
      return link.index === undefined ? undefined : `pty:${link.index}`;
  }
}

class ChannelSet {
  readonly byKey = new Map<string, IoEnd[]>();
  constructor(private readonly maxEnds: number) {}

  add(key: string, end: IoEnd): void {
    const ends = this.byKey.get(key);
    if (ends === undefined) this.byKey.set(key, [end]);
    else if (ends.length < this.maxEnds && !ends.some((e) => e.pid === end.pid && e.fd === end.fd)) ends.push(end);
  }
}

/** Keys of the channels some process has on fds 0-2: only those can join a stdio to anything. */
function stdioKeys(tables: readonly FdTable[]): Set<string> {
  const keys = new Set<string>();
  for (const table of tables) {
    for (let fd = 0; fd <= 2; fd++) {
      const link = table.io.get(fd);
      const key = link && linkKey(link);
      if (key) keys.add(key);
    }
  }
  return keys;
}

function addPipesAndPtys(tables: readonly FdTable[], channels: ChannelSet): void {
  const wanted = stdioKeys(tables);
  for (const table of tables) {
    for (const [fd, link] of table.io) {
      // A pty slave matters on stdio; its master (held by the terminal side) on any fd.
      if (link.kind === 'pts' && fd > 2) continue;
      const key = linkKey(link);
      if (key === undefined || !wanted.has(key)) continue;
      channels.add(key, link.kind === 'ptmx' ? { pid: table.pid, fd, master: true } : { pid: table.pid, fd });
    }
  }
}

/**
 * A stdio socket that is not an IP socket, whose neighbouring inode (±1: socketpair() allocates
 * both ends back to back) is held by the process's parent or child: the two ends of a socketpair,
 * the way socat `exec:` and many spawners wire a child's stdio.
 */
function addSocketpairs(tables: readonly FdTable[], isIpSocket: (inode: number) => boolean, channels: ChannelSet): void {
  const byPid = new Map<number, FdTable>();
  const children = new Map<number, FdTable[]>();
  for (const table of tables) {
    byPid.set(table.pid, table);
    if (table.ppid === undefined) continue;
    const list = children.get(table.ppid);
    if (list) list.push(table);
    else children.set(table.ppid, [table]);
  }
  for (const table of tables) {
    table.stdioSockets.forEach((inode, fd) => {
      if (inode === undefined || isIpSocket(inode)) return;
      const parent = table.ppid === undefined ? undefined : byPid.get(table.ppid);
      const kin = [...(parent ? [parent] : []), ...(children.get(table.pid) ?? [])];
      const own = table.sockets();
      for (const other of kin) {
        const sockets = other.sockets();
        for (const peer of [inode - 1, inode + 1]) {
          const peerFd = sockets.get(peer);
          // A socket both hold was inherited, not the other end of a pair.
          if (peerFd === undefined || own.has(peer) || isIpSocket(peer)) continue;
          const key = `socketpair:${Math.min(inode, peer)}`;
          channels.add(key, { pid: table.pid, fd });
          channels.add(key, { pid: other.pid, fd: peerFd });
        }
      }
    });
  }
}

/**
 * The channels that join some process's stdio to at least one other process. `isIpSocket` tells
 * TCP/UDP sockets (never one end of a socketpair) from the rest.
 */
export function buildIoChannels(tables: readonly FdTable[], isIpSocket: (inode: number) => boolean = () => false, limits: IoGraphLimits = {}): IoChannel[] {
  const channels = new ChannelSet(limits.maxEnds ?? 32);
  addPipesAndPtys(tables, channels);
  addSocketpairs(tables, isIpSocket, channels);
  const result: IoChannel[] = [];
  const maxChannels = limits.maxChannels ?? 5000;
  for (const [key, ends] of channels.byKey) {
    if (result.length >= maxChannels) break;
    if (!ends.some((e) => e.fd >= 0 && e.fd <= 2 && !e.master)) continue;
    const first = ends[0]?.pid;
    if (!ends.some((e) => e.pid !== first)) continue;
    const colon = key.indexOf(':');
    result.push({ kind: key.slice(0, colon) as IoChannel['kind'], id: key.slice(colon + 1), ends });
  }
  return result;
}

/**
 * Processes whose stdin is a pipe that nobody holds except on stdin: its writer exited (the
 * readers are the process and the children that inherited its stdin). A shell in `curl … | sh` is
 * left so once the download ended, however fast, while it runs the script.
 */
export function orphanStdinPipes(tables: readonly FdTable[]): number[] {
  const readers = new Map<number, number[]>(); // pipe inode → pids reading it on fd 0
  for (const table of tables) {
    const link = table.io.get(0);
    if (link?.kind !== 'pipe') continue;
    const pids = readers.get(link.inode);
    if (pids) pids.push(table.pid);
    else readers.set(link.inode, [table.pid]);
  }
  if (readers.size === 0) return [];
  const written = new Set<number>(); // held on some fd other than 0: maybe a writer
  for (const table of tables) {
    for (const [fd, link] of table.io) if (fd !== 0 && link.kind === 'pipe' && readers.has(link.inode)) written.add(link.inode);
  }
  const orphans: number[] = [];
  for (const [inode, pids] of readers) if (!written.has(inode)) orphans.push(...pids);
  return orphans;
}

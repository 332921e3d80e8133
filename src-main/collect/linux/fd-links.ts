// What one process's fd table is remembered as between walks, and the maps built from all of them:
// socket inode → owner, stdio sockets, and the I/O graph's tables.
import type { IoLink } from './fd-io';
import type { FdTable } from './io-graph';

/** `socket:[12345]` → 12345; anything else → -1. */
export function parseSocketInode(link: string): number {
  // Called for every fd of every process on a cold tick: digits are read in place, no slicing.
  const end = link.length - 1;
  if (end < 9 || link.charCodeAt(end) !== 93 /* ] */ || !link.startsWith('socket:[')) return -1;
  let inode = 0;
  for (let i = 8; i < end; i++) {
    const digit = link.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    inode = inode * 10 + digit;
  }
  return inode > 0 && inode <= Number.MAX_SAFE_INTEGER ? inode : -1;
}

export interface PidEntry {
  startTime: number | undefined;
  /** fd count at the last walk, as stat() reports it (0 when the kernel does not). */
  statCount: number;
  /** fd name → socket inode, or -1 for a non-socket fd. */
  fds: Map<string, number>;
  /** fd name → pipe, pty or stdio FIFO (only kept when `ioLinks` is on). */
  io: Map<string, IoLink> | undefined;
  name: string | undefined;
  ppid: number | undefined;
  walkedAtTick: number;
}

export interface OwnerMaps {
  /** Socket inode → pid; a socket shared by several processes goes to the lowest pid (usually the parent). */
  ownerByInode: Map<number, number>;
  /** For each readable process: socket inodes on fds 0, 1, 2 (undefined where not a socket). */
  stdioByPid: Map<number, (number | undefined)[]>;
}

export function buildOwnerMaps(entries: ReadonlyMap<number, PidEntry>): OwnerMaps {
  const ownerByInode = new Map<number, number>();
  const stdioByPid = new Map<number, (number | undefined)[]>();
  for (const [pid, entry] of entries) {
    for (const inode of entry.fds.values()) {
      if (inode <= 0) continue;
      const owner = ownerByInode.get(inode);
      if (owner === undefined || pid < owner) ownerByInode.set(inode, pid);
    }
    stdioByPid.set(pid, stdioSockets(entry.fds));
  }
  return { ownerByInode, stdioByPid };
}

function stdioSockets(fds: ReadonlyMap<string, number>): (number | undefined)[] {
  return ['0', '1', '2'].map((fd) => {
    const inode = fds.get(fd);
    return inode !== undefined && inode > 0 ? inode : undefined;
  });
}

/** Same sockets on the same fd numbers, same pipes and ptys, same parent: what the owner maps and fd tables are built from. */
export function sameLinks(a: PidEntry, b: PidEntry): boolean {
  if (a.ppid !== b.ppid || countSockets(a.fds) !== countSockets(b.fds) || (a.io?.size ?? 0) !== (b.io?.size ?? 0)) return false;
  let same = true;
  b.fds.forEach((inode, name) => {
    if (same && inode > 0 && a.fds.get(name) !== inode) same = false;
  });
  b.io?.forEach((link, name) => {
    if (same && !sameIoLink(a.io?.get(name), link)) same = false;
  });
  return same;
}

function countSockets(fds: ReadonlyMap<string, number>): number {
  let count = 0;
  fds.forEach((inode) => {
    if (inode > 0) count++;
  });
  return count;
}

function sameIoLink(a: IoLink | undefined, b: IoLink): boolean {
  if (a?.kind !== b.kind) return false;
  switch (b.kind) {
    case 'pipe':
      return (a as typeof b).inode === b.inode;
    case 'pts':
    case 'ptmx':
      return (a as typeof b).index === b.index;
    case 'fifo':
      return (a as typeof b).id === b.id;
  }
}

/** The I/O graph's view of one entry; the caller builds a new one whenever the entry changes. */
export function toFdTable(pid: number, entry: PidEntry): FdTable {
  const io = new Map<number, IoLink>();
  entry.io?.forEach((link, name) => io.set(Number(name), link));
  let sockets: Map<number, number> | undefined; // built on first use: most tables are never asked
  return { pid, ppid: entry.ppid, io, stdioSockets: stdioSockets(entry.fds), sockets: () => (sockets ??= socketInodes(entry.fds)) };
}

function socketInodes(fds: ReadonlyMap<string, number>): Map<number, number> {
  const inodes = new Map<number, number>();
  fds.forEach((inode, name) => {
    if (inode > 0) inodes.set(inode, Number(name));
  });
  return inodes;
}

// One walk of /proc/<pid>/fd, reading only the links that may have changed since the last one.
import type { ProcFs } from '../io';
import { isGoneError } from '../source';
import { classifyLink, mayBeFifo, readIoLink, type IoLink } from './fd-io';
import { parseSocketInode, type PidEntry } from './fd-links';

export interface FdWalkStats {
  statCalls: number;
  readdirCalls: number;
  readlinkCalls: number;
}

/** One tick's look for ownerless inodes: what is still wanted, and how many links it read. */
export interface Hunt {
  isListed: (inode: number) => boolean;
  wanted: Set<number>;
  readlinks: number;
}

/** Most socket links one hot process has re-read per tick (a browser holds hundreds). */
export const HOT_READLINKS_PER_PID = 256;

/**
 * 'full' reads every link; 'changed' does nothing when the fd count is unchanged and otherwise
 * reads only new fd numbers; 'suspect' reads every fd that may have been reused for a wanted
 * socket: all but those still naming one of this tick's sockets; 'hot' is 'changed' that also
 * re-reads the fds that were sockets, whatever the count.
 */
export type WalkMode = 'full' | 'changed' | 'suspect' | 'hot';

export interface Walker {
  fs: ProcFs;
  stats: FdWalkStats;
  tick: number;
  /** Keep pipes, ptys and stdio FIFOs; a walk then also re-reads fds 0-2. */
  ioLinks: boolean;
  /** Sockets first seen on a known process's fds (new fd, or a new socket on a known fd number). */
  noteOpened: (pid: number, inodes: number[]) => void;
  /** An entry changed in place: the maps built from the entries are stale. */
  invalidate: (pid: number) => void;
}

/** 'kept': the previous entry stands (maybe updated in place); 'walked': a new entry. */
export type WalkResult = { kind: 'kept' } | { kind: 'walked'; entry: PidEntry };

type Identity = Pick<PidEntry, 'startTime' | 'name' | 'ppid'>;

/** Walks /proc/<pid>/fd; throws what the kernel said when the process is gone or unreadable. */
export async function walkFds(
  walker: Walker,
  pid: number,
  identity: Identity,
  previous: PidEntry | undefined,
  mode: WalkMode,
  hunt?: Hunt,
): Promise<WalkResult> {
  const { fs, stats } = walker;
  const dir = `/proc/${pid}/fd`;
  const known = mode === 'full' ? undefined : previous;
  let statCount = 0;
  if (known) {
    stats.statCalls++;
    statCount = await fs.statSize(dir);
    const sameCount = statCount > 0 ? statCount === known.statCount : known.fds.size === 0;
    if (mode === 'changed' && sameCount) return { kind: 'kept' };
    // Listing a directory of thousands of fds costs more than re-reading its few suspects; with
    // the count unchanged the names are too, unless a re-read finds one gone.
    if (mode === 'suspect' && sameCount && statCount > 0 && hunt && (await rereadSuspects(walker, pid, dir, known, hunt))) return { kind: 'kept' };
  }
  stats.readdirCalls++;
  const names = await fs.readdir(dir);
  if (!known) {
    stats.statCalls++;
    statCount = await fs.statSize(dir).catch(() => 0);
  }
  const fds = new Map<string, number>();
  const io = walker.ioLinks ? new Map<string, IoLink>() : undefined;
  const toRead = linksToRead(names, known, mode, fds, io, hunt);
  // A process first seen after the first tick opened every socket it holds since the previous one.
  const sameIncarnation = previous !== undefined && previous.startTime === identity.startTime;
  const opened = await readLinks(walker, pid, toRead, sameIncarnation ? previous.fds : undefined, fds, io, hunt);
  if (hunt) hunt.readlinks += toRead.length;
  if (opened.length > 0) walker.noteOpened(pid, opened);
  return {
    kind: 'walked',
    entry: {
      startTime: identity.startTime,
      statCount: statCount > 0 ? statCount : names.length,
      fds,
      io: io && io.size > 0 ? io : undefined,
      name: identity.name,
      ppid: identity.ppid,
      walkedAtTick: mode === 'full' || !previous ? walker.tick : previous.walkedAtTick,
    },
  };
}

/**
 * Reads the links of `toRead` into `fds` (and `io`), skipping fds closed since the listing; returns
 * the sockets opened since the walk that gave `before` (every socket when there is none, after the first tick).
 */
async function readLinks(
  walker: Walker,
  pid: number,
  toRead: readonly string[],
  before: ReadonlyMap<string, number> | undefined,
  fds: Map<string, number>,
  io: Map<string, IoLink> | undefined,
  hunt: Hunt | undefined,
): Promise<number[]> {
  const { fs, stats } = walker;
  const prefix = `/proc/${pid}/fd/`;
  const opened: number[] = [];
  for (const name of toRead) {
    stats.readlinkCalls++;
    let link: string;
    try {
      link = fs.readlinkSync ? fs.readlinkSync(prefix + name) : await fs.readlink(prefix + name);
    } catch (err) {
      if (!isGoneError(err)) throw err; // fd closed since readdir: skip it
      continue;
    }
    const inode = parseSocketInode(link);
    fds.set(name, inode);
    if (inode > 0 && (before ? before.get(name) !== inode : walker.tick > 1) && opened.length < HOT_READLINKS_PER_PID) opened.push(inode);
    if (hunt && inode > 0) hunt.wanted.delete(inode);
    if (io && inode < 0) {
      // Pipes and pty slaves need nothing more; only ptmx masters and stdio paths cost a read.
      const kind = classifyLink(link);
      const ioLink =
        kind !== undefined && kind !== 'ptmx' ? kind : kind === 'ptmx' || mayBeFifo(name, link) ? await readIoLink(fs, pid, name, link) : undefined;
      if (ioLink) io.set(name, ioLink);
    }
  }
  return opened;
}

/** The fd names whose links must be read; the others are copied from `known` into `fds` and `io`. */
function linksToRead(
  names: readonly string[],
  known: PidEntry | undefined,
  mode: WalkMode,
  fds: Map<string, number>,
  io: Map<string, IoLink> | undefined,
  hunt: Hunt | undefined,
): string[] {
  const toRead: string[] = [];
  let hotBudget = mode === 'hot' ? HOT_READLINKS_PER_PID : 0;
  for (const name of names) {
    const inode = known?.fds.get(name);
    const rehot = inode !== undefined && inode > 0 && hotBudget-- > 0;
    // With the I/O graph on, stdio is re-read on every walk: a dup2() onto 0-2 keeps the count.
    if (inode === undefined || rehot || (mode === 'suspect' && !(inode > 0 && hunt?.isListed(inode))) || (io && name.length === 1 && name <= '2'))
      toRead.push(name);
    else {
      fds.set(name, inode);
      const link = known?.io?.get(name);
      if (link && io) io.set(name, link);
    }
  }
  return toRead;
}

/**
 * Re-reads, in place, the cached fds that do not name one of this tick's sockets. False when one
 * of them is gone (the fd numbers changed): the caller then lists the directory.
 */
async function rereadSuspects(walker: Walker, pid: number, dir: string, entry: PidEntry, hunt: Hunt): Promise<boolean> {
  // forEach, not for…of: this runs rarely, so unoptimised, where each for…of step allocates an entry.
  const suspects: string[] = [];
  entry.fds.forEach((cached, name) => {
    if (!(cached > 0 && hunt.isListed(cached))) suspects.push(name);
  });
  for (const name of suspects) {
    const cached = entry.fds.get(name);
    walker.stats.readlinkCalls++;
    hunt.readlinks++;
    const path = `${dir}/${name}`;
    let inode: number;
    try {
      inode = parseSocketInode(walker.fs.readlinkSync ? walker.fs.readlinkSync(path) : await walker.fs.readlink(path));
    } catch (err) {
      if (isGoneError(err)) return false;
      throw err;
    }
    if (inode !== cached) {
      entry.fds.set(name, inode);
      entry.io?.delete(name);
      walker.invalidate(pid);
      if (inode > 0) {
        hunt.wanted.delete(inode);
        walker.noteOpened(pid, [inode]);
      }
    }
  }
  return true;
}

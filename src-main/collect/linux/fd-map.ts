// Socket inode → owning pid, by reading /proc/<pid>/fd links. Cached per pid so that a steady-state
// tick costs one stat() per process: links are re-read only for new fds, a new process (pid + start
// time), every `refreshEveryTicks`, or when a socket turns up whose owner the cache cannot name.
import { mapLimit, type ProcFs } from '../io';
import { isGoneError, isPermissionError } from '../source';
import { classifyLink, mayBeFifo, readIoLink, type IoLink } from './fd-io';
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

export interface FdProcess {
  pid: number;
  /** Any stable per-incarnation value (start time): a change means the pid was reused. */
  startTime?: number;
  /** The program name: a change means an exec, whose redirections may have kept the fd count. */
  name?: string;
  ppid?: number;
}

export interface FdOwners {
  /** Socket inode → pid (shared between calls while nothing changed: read-only); a socket shared by several processes goes to the lowest pid (usually the parent). */
  ownerByInode: Map<number, number>;
  /** For each readable process: socket inodes on fds 0, 1, 2 (undefined where not a socket). */
  stdioByPid: Map<number, (number | undefined)[]>;
  /** Processes whose fds we may not read (other users' without privileges). */
  deniedPids: number;
  /** Processes that exited during the walk. */
  vanishedPids: number;
}

export interface FdWalkStats {
  statCalls: number;
  readdirCalls: number;
  readlinkCalls: number;
}

interface PidEntry {
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

interface DeniedEntry {
  startTime: number | undefined;
  retryAtTick: number;
}

export interface FdMapOptions {
  refreshEveryTicks?: number;
  concurrency?: number;
  /** Links a search for ownerless sockets may read per tick (default 4096); the rest waits for the next tick. */
  searchReadlinkBudget?: number;
  /** Keep pipes, ptys and stdio FIFOs for the I/O graph (default off); a walk then also re-reads fds 0-2. */
  ioLinks?: boolean;
  /** Socket-churning processes whose socket fds are re-read every tick (default 16). */
  maxHotPids?: number;
}

/**
 * A process that opened sockets within the last HOT_TICKS ticks is "hot": its socket fds are
 * re-read every tick, since a socket closed and another opened on the same fd number keeps the
 * fd count. Scanners, DNS-query loops and brute-forcers churn sockets that live for microseconds
 * (a refused connect on a LAN), so no socket table ever lists them: this count is what names them.
 */
const HOT_TICKS = 10;
/** Most socket links one hot process has re-read per tick (a browser holds hundreds). */
const HOT_READLINKS_PER_PID = 256;

/** What resolve() needs from the tick, computed only when an ownerless socket has to be searched for. */
export interface ResolveContext {
  /** Likely owners (processes with sockets on the same ports), searched first. */
  related: () => readonly number[];
  /** Every process running with that uid (real, effective, saved or fs). */
  candidatesByUid: (uid: number) => readonly number[];
  /** Whether an inode is one of this tick's TCP/UDP sockets: an fd still naming one was not reused. */
  isListed: (inode: number) => boolean;
}

interface OrphanEntry {
  retryAtTick: number;
  backoffTicks: number;
}

/** A search for some ownerless inodes through every same-uid process, spread over ticks if large. */
interface Search {
  queue: number[];
  inodes: Set<number>;
}

/** One tick's look for ownerless inodes: what is still wanted, and how many links it read. */
interface Hunt {
  isListed: (inode: number) => boolean;
  wanted: Set<number>;
  readlinks: number;
}

export class FdMapCache {
  private readonly entries = new Map<number, PidEntry>();
  private readonly denied = new Map<number, DeniedEntry>();
  /** Ownerless inodes that a complete search did not place: searched again after a growing delay. */
  private readonly orphans = new Map<number, OrphanEntry>();
  private search: Search | undefined;
  private cachedOwners: Pick<FdOwners, 'ownerByInode' | 'stdioByPid'> | undefined;
  private cachedTables: FdTable[] | undefined;
  private tick = 0;
  /** pid → inodes of sockets first seen on its fds this tick (new fd, or a new socket on a known fd number). */
  private opened = new Map<number, number[]>();
  /** pid → last tick it opened a socket (bounded by maxHotPids, most recent kept). */
  private readonly hot = new Map<number, number>();
  readonly stats: FdWalkStats = { statCalls: 0, readdirCalls: 0, readlinkCalls: 0 };

  constructor(
    private readonly fs: ProcFs,
    private readonly options: FdMapOptions = {},
  ) {}

  /**
   * Sockets each process opened since its previous walk (this tick's update and resolve), a lower
   * bound: a socket opened and closed between two walks is never seen. Empty on the first tick.
   */
  socketsOpened(): ReadonlyMap<number, readonly number[]> {
    return this.opened;
  }

  async update(processes: readonly FdProcess[]): Promise<FdOwners> {
    this.tick++;
    this.opened = new Map();
    for (const [pid, tick] of this.hot) if (this.tick - tick > HOT_TICKS) this.hot.delete(pid);
    const refreshEvery = this.options.refreshEveryTicks ?? 60;
    const live = new Set<number>();
    let deniedPids = 0;
    let vanishedPids = 0;
    await mapLimit(processes, this.options.concurrency ?? 32, async ({ pid, startTime, name, ppid }) => {
      live.add(pid);
      const denied = this.denied.get(pid);
      if (denied && denied.startTime === startTime && denied.retryAtTick > this.tick) {
        deniedPids++;
        return;
      }
      const entry = this.entries.get(pid);
      const sameProcess = entry !== undefined && entry.startTime === startTime && (name === undefined || entry.name === name);
      // Periodic re-walks are spread over ticks by pid, so processes started together do not all
      // come due at once.
      const due = sameProcess && this.tick - entry.walkedAtTick >= refreshEvery && (this.tick + pid) % refreshEvery === 0;
      const full = !sameProcess || due || this.tick - entry.walkedAtTick >= 2 * refreshEvery;
      if (entry && ppid !== undefined && entry.ppid !== ppid) {
        entry.ppid = ppid; // reparented: its parent died
        this.cachedTables = undefined;
      }
      const outcome = await this.walk(pid, { startTime, name, ppid }, entry, full ? 'full' : sameProcess && this.hot.has(pid) ? 'hot' : 'changed');
      if (outcome === 'denied') {
        deniedPids++;
        this.denied.set(pid, { startTime, retryAtTick: this.tick + refreshEvery });
      } else if (outcome === 'gone') {
        vanishedPids++;
      }
    });
    for (const pid of this.entries.keys()) {
      if (!live.has(pid)) {
        this.entries.delete(pid);
        this.invalidate();
      }
    }
    for (const pid of this.denied.keys()) if (!live.has(pid)) this.denied.delete(pid);
    return { ...this.owners(), deniedPids, vanishedPids };
  }

  /**
   * Places sockets update() could not: an fd number reused for a new socket (a file or another
   * socket closed, the socket opened on the same number) keeps the fd count, so update() does not
   * notice. Every ownerless inode is searched for on the tick it shows up: first in the likely
   * owners, then in every process of the socket's uid not fully walked this tick. A search reads
   * only the links that may have changed (fds not naming one of this tick's sockets) and at most
   * `searchReadlinkBudget` of them per tick; what is left continues on the next tick. An inode a
   * complete search did not place (a kernel socket, a process that hides its fds, a socket closed
   * during the tick) is searched again after 2 ticks, then 4, 8 … up to `refreshEveryTicks`.
   */
  async resolve(unowned: ReadonlyMap<number, number>, context: ResolveContext): Promise<FdOwners | undefined> {
    for (const inode of this.orphans.keys()) if (!unowned.has(inode)) this.orphans.delete(inode);
    const due = new Map<number, number>();
    let fresh = false;
    for (const [inode, uid] of unowned) {
      const orphan = this.orphans.get(inode);
      if ((orphan === undefined || orphan.retryAtTick <= this.tick) && !this.search?.inodes.has(inode)) {
        due.set(inode, uid);
        fresh ||= orphan === undefined;
      }
    }
    if (due.size === 0 && !this.search) return undefined;
    const concurrency = this.options.concurrency ?? 32;
    const walkedNow = new Set<number>();
    const hunt: Hunt = { isListed: context.isListed, wanted: new Set(due.keys()), readlinks: 0 };
    for (const inode of this.search?.inodes ?? []) if (unowned.has(inode)) hunt.wanted.add(inode);
    const rewalk = async (pids: readonly number[]): Promise<void> => {
      const todo: number[] = [];
      for (const pid of pids) {
        const entry = this.entries.get(pid);
        if (entry && !walkedNow.has(pid) && entry.walkedAtTick !== this.tick) {
          walkedNow.add(pid);
          todo.push(pid);
        }
      }
      await mapLimit(todo, concurrency, async (pid) => {
        const entry = this.entries.get(pid);
        if (entry) await this.walk(pid, entry, entry, 'suspect', hunt);
      });
    };
    if (due.size > 0) {
      // Orphans had their related pass already; and right after a full walk of everyone there is no one to re-read.
      if (fresh && this.hasEntryNotWalkedThisTick()) await rewalk(context.related());
      for (const inode of [...due.keys()]) if (!hunt.wanted.has(inode)) due.delete(inode);
      if (due.size > 0) {
        const search = (this.search ??= { queue: [], inodes: new Set() });
        const queued = new Set(search.queue);
        for (const uid of new Set(due.values())) {
          for (const pid of context.candidatesByUid(uid)) {
            if (!queued.has(pid)) {
              queued.add(pid);
              search.queue.push(pid);
            }
          }
        }
        for (const inode of due.keys()) search.inodes.add(inode);
      }
    }
    const search = this.search;
    if (search) {
      const budget = this.options.searchReadlinkBudget ?? 4096;
      // A batch at a time: the budget is checked between batches, and the search ends as soon as
      // every inode it looks for is placed.
      while (search.queue.length > 0 && hunt.readlinks < budget && hunt.wanted.size > 0) {
        await rewalk(search.queue.splice(0, concurrency));
      }
      if (search.queue.length === 0 || hunt.wanted.size === 0) {
        for (const inode of search.inodes) {
          if (!hunt.wanted.has(inode) || !unowned.has(inode)) continue;
          const backoffTicks = Math.min(this.options.refreshEveryTicks ?? 60, 2 * (this.orphans.get(inode)?.backoffTicks ?? 1));
          this.orphans.set(inode, { retryAtTick: this.tick + backoffTicks, backoffTicks });
        }
        this.search = undefined;
      }
    }
    return { ...this.owners(), deniedPids: 0, vanishedPids: 0 };
  }

  private hasEntryNotWalkedThisTick(): boolean {
    for (const entry of this.entries.values()) if (entry.walkedAtTick !== this.tick) return true;
    return false;
  }

  /** Whether resolve() looked for this inode's owner in vain and waits before looking again. */
  isKnownOrphan(inode: number): boolean {
    const orphan = this.orphans.get(inode);
    return orphan !== undefined && orphan.retryAtTick > this.tick;
  }

  /**
   * Walks /proc/<pid>/fd. 'full' reads every link; 'changed' does nothing when the fd count is
   * unchanged and otherwise reads only new fd numbers; 'suspect' reads every fd that may have been
   * reused for a wanted socket: all but those still naming one of this tick's sockets; 'hot' is
   * 'changed' that also re-reads the fds that were sockets, whatever the count.
   */
  private async walk(
    pid: number,
    identity: Pick<PidEntry, 'startTime' | 'name' | 'ppid'> | FdProcess,
    previous: PidEntry | undefined,
    mode: 'full' | 'changed' | 'suspect' | 'hot',
    hunt?: Hunt,
  ): Promise<'ok' | 'denied' | 'gone'> {
    const dir = `/proc/${pid}/fd`;
    const known = mode === 'full' ? undefined : previous;
    try {
      let statCount = 0;
      if (known) {
        this.stats.statCalls++;
        statCount = await this.fs.statSize(dir);
        const sameCount = statCount > 0 ? statCount === known.statCount : known.fds.size === 0;
        if (mode === 'changed' && sameCount) return 'ok';
        // Listing a directory of thousands of fds costs more than re-reading its few suspects; with
        // the count unchanged the names are too, unless a re-read finds one gone.
        if (mode === 'suspect' && sameCount && statCount > 0 && hunt && (await this.rereadSuspects(pid, dir, known, hunt))) return 'ok';
      }
      this.stats.readdirCalls++;
      const names = await this.fs.readdir(dir);
      if (!known) {
        this.stats.statCalls++;
        statCount = await this.fs.statSize(dir).catch(() => 0);
      }
      const trackIo = this.options.ioLinks === true;
      const fds = new Map<string, number>();
      const io = trackIo ? new Map<string, IoLink>() : undefined;
      const toRead: string[] = [];
      let hotBudget = mode === 'hot' ? HOT_READLINKS_PER_PID : 0;
      for (const name of names) {
        const inode = known?.fds.get(name);
        const rehot = inode !== undefined && inode > 0 && hotBudget-- > 0;
        // With the I/O graph on, stdio is re-read on every walk: a dup2() onto 0-2 keeps the count.
        if (inode === undefined || rehot || (mode === 'suspect' && !(inode > 0 && hunt?.isListed(inode))) || (trackIo && name.length === 1 && name <= '2')) toRead.push(name);
        else {
          fds.set(name, inode);
          const link = known?.io?.get(name);
          if (link && io) io.set(name, link);
        }
      }
      const prefix = `${dir}/`;
      const opened: number[] = [];
      for (const name of toRead) {
        this.stats.readlinkCalls++;
        let link: string;
        try {
          link = this.fs.readlinkSync ? this.fs.readlinkSync(prefix + name) : await this.fs.readlink(prefix + name);
        } catch (err) {
          if (!isGoneError(err)) throw err; // fd closed since readdir: skip it
          continue;
        }
        const inode = parseSocketInode(link);
        fds.set(name, inode);
        // A process first seen after the first tick opened every socket it holds since the previous one.
        const sameIncarnation = previous !== undefined && previous.startTime === identity.startTime;
        if (inode > 0 && (sameIncarnation ? previous.fds.get(name) !== inode : this.tick > 1) && opened.length < HOT_READLINKS_PER_PID) opened.push(inode);
        if (hunt && inode > 0) hunt.wanted.delete(inode);
        if (io && inode < 0) {
          // Pipes and pty slaves need nothing more; only ptmx masters and stdio paths cost a read.
          const known = classifyLink(link);
          const ioLink = known !== undefined && known !== 'ptmx' ? known
            : known === 'ptmx' || mayBeFifo(name, link) ? await readIoLink(this.fs, pid, name, link) : undefined;
          if (ioLink) io.set(name, ioLink);
        }
      }
      if (hunt) hunt.readlinks += toRead.length;
      if (opened.length > 0) this.noteOpened(pid, opened);
      const walkedAtTick = mode === 'full' || !previous ? this.tick : previous.walkedAtTick;
      const next: PidEntry = {
        startTime: identity.startTime,
        statCount: statCount > 0 ? statCount : names.length,
        fds,
        io: io && io.size > 0 ? io : undefined,
        name: identity.name,
        ppid: identity.ppid,
        walkedAtTick,
      };
      // Most walks find only files opened or closed: the owner maps and the I/O graph's tables
      // (10,000s of sockets) are rebuilt only when a socket, pipe or pty of this process changed.
      const current = this.entries.get(pid);
      this.entries.set(pid, next);
      if (!current || !sameLinks(current, next)) this.invalidate();
      this.denied.delete(pid);
      return 'ok';
    } catch (err) {
      if (this.entries.delete(pid)) this.invalidate();
      if (isPermissionError(err)) return 'denied';
      if (isGoneError(err)) return 'gone';
      return 'denied';
    }
  }

  /**
   * Re-reads, in place, the cached fds that do not name one of this tick's sockets. False when one
   * of them is gone (the fd numbers changed): the caller then lists the directory.
   */
  private async rereadSuspects(pid: number, dir: string, entry: PidEntry, hunt: Hunt): Promise<boolean> {
    // forEach, not for…of: this runs rarely, so unoptimised, where each for…of step allocates an entry.
    const suspects: string[] = [];
    entry.fds.forEach((cached, name) => {
      if (!(cached > 0 && hunt.isListed(cached))) suspects.push(name);
    });
    for (const name of suspects) {
      const cached = entry.fds.get(name);
      this.stats.readlinkCalls++;
      hunt.readlinks++;
      const path = `${dir}/${name}`;
      let inode: number;
      try {
        inode = parseSocketInode(this.fs.readlinkSync ? this.fs.readlinkSync(path) : await this.fs.readlink(path));
      } catch (err) {
        if (isGoneError(err)) return false;
        throw err;
      }
      if (inode !== cached) {
        entry.fds.set(name, inode);
        entry.io?.delete(name);
        this.invalidate();
        if (inode > 0) {
          hunt.wanted.delete(inode);
          this.noteOpened(pid, [inode]);
        }
      }
    }
    return true;
  }

  private noteOpened(pid: number, inodes: number[]): void {
    const known = this.opened.get(pid);
    if (known) known.push(...inodes.slice(0, HOT_READLINKS_PER_PID - known.length));
    else this.opened.set(pid, inodes);
    this.hot.delete(pid);
    this.hot.set(pid, this.tick);
    const max = this.options.maxHotPids ?? 16;
    for (const oldest of this.hot.keys()) {
      if (this.hot.size <= max) break;
      this.hot.delete(oldest);
    }
  }

  private invalidate(): void {
    this.cachedOwners = undefined;
    this.cachedTables = undefined;
  }

  /**
   * Every walked process's pipes, ptys, stdio FIFOs and sockets, for io-graph.ts; rebuilt only after
   * a walk changed something (callers must not mutate it). Empty unless `ioLinks` is on.
   */
  fdTables(): readonly FdTable[] {
    if (this.options.ioLinks !== true) return [];
    this.cachedTables ??= [...this.entries].map(([pid, entry]) => toFdTable(pid, entry));
    return this.cachedTables;
  }

  /** The maps, rebuilt only after a walk changed something (callers must not mutate them). */
  private owners(): Pick<FdOwners, 'ownerByInode' | 'stdioByPid'> {
    this.cachedOwners ??= this.buildOwners();
    return this.cachedOwners;
  }

  private buildOwners(): Pick<FdOwners, 'ownerByInode' | 'stdioByPid'> {
    const ownerByInode = new Map<number, number>();
    const stdioByPid = new Map<number, (number | undefined)[]>();
    for (const [pid, entry] of this.entries) {
      for (const inode of entry.fds.values()) {
        if (inode <= 0) continue;
        const owner = ownerByInode.get(inode);
        if (owner === undefined || pid < owner) ownerByInode.set(inode, pid);
      }
      const stdio = [0, 1, 2].map((fd) => {
        const inode = entry.fds.get(String(fd));
        return inode !== undefined && inode > 0 ? inode : undefined;
      });
      stdioByPid.set(pid, stdio);
    }
    return { ownerByInode, stdioByPid };
  }
}

/** Same sockets on the same fd numbers, same pipes and ptys, same parent: what the owner maps and fd tables are built from. */
function sameLinks(a: PidEntry, b: PidEntry): boolean {
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
    case 'pipe': return (a as typeof b).inode === b.inode;
    case 'pts':
    case 'ptmx': return (a as typeof b).index === b.index;
    case 'fifo': return (a as typeof b).id === b.id;
  }
}

function toFdTable(pid: number, entry: PidEntry): FdTable {
  const io = new Map<number, IoLink>();
  entry.io?.forEach((link, name) => io.set(Number(name), link));
  const stdioSockets = [0, 1, 2].map((fd) => {
    const inode = entry.fds.get(String(fd));
    return inode !== undefined && inode > 0 ? inode : undefined;
  });
  return { pid, ppid: entry.ppid, io, stdioSockets, sockets: () => socketInodes(entry.fds) };
}

function socketInodes(fds: ReadonlyMap<string, number>): Map<number, number> {
  const inodes = new Map<number, number>();
  fds.forEach((inode, name) => {
    if (inode > 0) inodes.set(inode, Number(name));
  });
  return inodes;
}

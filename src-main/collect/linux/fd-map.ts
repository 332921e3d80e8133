// Socket inode → owning pid, by reading /proc/<pid>/fd links. Cached per pid so that a steady-state
// tick costs one stat() per process: links are re-read only for new fds, a new process (pid + start
// time), every `refreshEveryTicks`, or when a socket turns up whose owner the cache cannot name.
import { mapLimit, type ProcFs } from '../io';
import { isGoneError, isPermissionError } from '../source';
import { buildOwnerMaps, sameLinks, toFdTable, type OwnerMaps, type PidEntry } from './fd-links';
import { HOT_READLINKS_PER_PID, walkFds, type FdWalkStats, type Hunt, type WalkMode, type Walker } from './fd-walk';
import type { FdTable } from './io-graph';

export interface FdProcess {
  pid: number;
  /** Any stable per-incarnation value (start time): a change means the pid was reused. */
  startTime?: number;
  /** The program name: a change means an exec, whose redirections may have kept the fd count. */
  name?: string;
  ppid?: number;
}

/** The owner maps are shared between calls while nothing changed: read-only. */
export interface FdOwners extends OwnerMaps {
  /** Processes whose fds we may not read (other users' without privileges). */
  deniedPids: number;
  /** Processes that exited during the walk. */
  vanishedPids: number;
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

export class FdMapCache {
  private readonly entries = new Map<number, PidEntry>();
  private readonly denied = new Map<number, DeniedEntry>();
  /** Ownerless inodes that a complete search did not place: searched again after a growing delay. */
  private readonly orphans = new Map<number, OrphanEntry>();
  private search: Search | undefined;
  private cachedOwners: OwnerMaps | undefined;
  private cachedTables: FdTable[] | undefined;
  /** Each process's table, kept while its entry is unchanged (its socket map is built once). */
  private readonly tableByPid = new Map<number, FdTable>();
  private tick = 0;
  private walkerState: Walker | undefined;
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
        this.tableByPid.delete(pid);
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
        this.invalidate(pid);
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
    const { due, fresh } = this.dueForSearch(unowned);
    if (due.size === 0 && !this.search) return undefined;
    const walkedNow = new Set<number>();
    const hunt: Hunt = { isListed: context.isListed, wanted: new Set(due.keys()), readlinks: 0 };
    for (const inode of this.search?.inodes ?? []) if (unowned.has(inode)) hunt.wanted.add(inode);
    const rewalk = (pids: readonly number[]): Promise<void> => this.rewalkSuspects(pids, walkedNow, hunt);
    if (due.size > 0) {
      // Orphans had their related pass already; and right after a full walk of everyone there is no one to re-read.
      if (fresh && this.hasEntryNotWalkedThisTick()) await rewalk(context.related());
      for (const inode of [...due.keys()]) if (!hunt.wanted.has(inode)) due.delete(inode);
      if (due.size > 0) this.queueSearch(due, context);
    }
    const search = this.search;
    if (search) await this.continueSearch(search, unowned, hunt, rewalk);
    return { ...this.owners(), deniedPids: 0, vanishedPids: 0 };
  }

  /** Ownerless inode → uid of those to look for now (new, or orphans whose wait is over); `fresh` when one is new. */
  private dueForSearch(unowned: ReadonlyMap<number, number>): { due: Map<number, number>; fresh: boolean } {
    const due = new Map<number, number>();
    let fresh = false;
    for (const [inode, uid] of unowned) {
      const orphan = this.orphans.get(inode);
      if ((orphan === undefined || orphan.retryAtTick <= this.tick) && !this.search?.inodes.has(inode)) {
        due.set(inode, uid);
        fresh ||= orphan === undefined;
      }
    }
    return { due, fresh };
  }

  /** Walks, in 'suspect' mode, the listed processes not walked this tick (nor already by this resolve()). */
  private async rewalkSuspects(pids: readonly number[], walkedNow: Set<number>, hunt: Hunt): Promise<void> {
    const todo: number[] = [];
    for (const pid of pids) {
      const entry = this.entries.get(pid);
      if (entry && !walkedNow.has(pid) && entry.walkedAtTick !== this.tick) {
        walkedNow.add(pid);
        todo.push(pid);
      }
    }
    await mapLimit(todo, this.options.concurrency ?? 32, async (pid) => {
      const entry = this.entries.get(pid);
      if (entry) await this.walk(pid, entry, entry, 'suspect', hunt);
    });
  }

  /** Adds the due inodes, and every process of their uids, to the search (started if none runs). */
  private queueSearch(due: ReadonlyMap<number, number>, context: ResolveContext): void {
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

  /**
   * Walks the search's queue within this tick's readlink budget; when the queue is done or nothing is
   * wanted any more, the search ends and each inode it did not place waits twice as long as last time.
   */
  private async continueSearch(
    search: Search,
    unowned: ReadonlyMap<number, number>,
    hunt: Hunt,
    rewalk: (pids: readonly number[]) => Promise<void>,
  ): Promise<void> {
    const budget = this.options.searchReadlinkBudget ?? 4096;
    const concurrency = this.options.concurrency ?? 32;
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

  private hasEntryNotWalkedThisTick(): boolean {
    for (const entry of this.entries.values()) if (entry.walkedAtTick !== this.tick) return true;
    return false;
  }

  /** Whether resolve() looked for this inode's owner in vain and waits before looking again. */
  isKnownOrphan(inode: number): boolean {
    const orphan = this.orphans.get(inode);
    return orphan !== undefined && orphan.retryAtTick > this.tick;
  }

  private async walk(
    pid: number,
    identity: Pick<PidEntry, 'startTime' | 'name' | 'ppid'>,
    previous: PidEntry | undefined,
    mode: WalkMode,
    hunt?: Hunt,
  ): Promise<'ok' | 'denied' | 'gone'> {
    try {
      const result = await walkFds(this.walker(), pid, identity, previous, mode, hunt);
      if (result.kind === 'kept') return 'ok';
      // Most walks find only files opened or closed: the owner maps and the I/O graph's tables
      // (10,000s of sockets) are rebuilt only when a socket, pipe or pty of this process changed.
      const current = this.entries.get(pid);
      this.entries.set(pid, result.entry);
      if (!current || !sameLinks(current, result.entry)) this.invalidate(pid);
      this.denied.delete(pid);
      return 'ok';
    } catch (err) {
      if (this.entries.delete(pid)) this.invalidate(pid);
      if (isPermissionError(err)) return 'denied';
      if (isGoneError(err)) return 'gone';
      return 'denied';
    }
  }

  /** Made once: a tick walks every process. */
  private walker(): Walker {
    const tick = (): number => this.tick;
    return (this.walkerState ??= {
      fs: this.fs,
      stats: this.stats,
      get tick() {
        return tick();
      },
      ioLinks: this.options.ioLinks === true,
      noteOpened: (pid, inodes) => this.noteOpened(pid, inodes),
      invalidate: (pid) => this.invalidate(pid),
    });
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

  private invalidate(pid: number): void {
    this.tableByPid.delete(pid);
    this.cachedOwners = undefined;
    this.cachedTables = undefined;
  }

  /**
   * Every walked process's pipes, ptys, stdio FIFOs and sockets, for io-graph.ts; rebuilt only after
   * a walk changed something (callers must not mutate it). Empty unless `ioLinks` is on.
   */
  fdTables(): readonly FdTable[] {
    if (this.options.ioLinks !== true) return [];
    if (this.cachedTables) return this.cachedTables;
    const tables: FdTable[] = [];
    for (const pid of this.tableByPid.keys()) if (!this.entries.has(pid)) this.tableByPid.delete(pid);
    for (const [pid, entry] of this.entries) {
      let table = this.tableByPid.get(pid);
      if (!table) this.tableByPid.set(pid, (table = toFdTable(pid, entry)));
      tables.push(table);
    }
    this.cachedTables = tables;
    return this.cachedTables;
  }

  /** The maps, rebuilt only after a walk changed something (callers must not mutate them). */
  private owners(): OwnerMaps {
    this.cachedOwners ??= buildOwnerMaps(this.entries);
    return this.cachedOwners;
  }
}

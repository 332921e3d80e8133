// Socket inode → owning pid, by reading /proc/<pid>/fd links. Cached per pid so that a steady-state
// tick costs one stat() per process: links are re-read only for new fds, a new process (pid + start
// time), every `refreshEveryTicks`, or when a socket turns up whose owner the cache cannot name.
import { mapLimit, type ProcFs } from '../io';
import { isGoneError, isPermissionError } from '../source';

/** `socket:[12345]` → 12345; anything else → -1. */
export function parseSocketInode(link: string): number {
  if (!link.startsWith('socket:[') || !link.endsWith(']')) return -1;
  const inode = Number(link.slice(8, -1));
  return Number.isInteger(inode) && inode > 0 ? inode : -1;
}

export interface FdProcess {
  pid: number;
  /** Any stable per-incarnation value (start time): a change means the pid was reused. */
  startTime?: number;
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
  walkedAtTick: number;
}

interface DeniedEntry {
  startTime: number | undefined;
  retryAtTick: number;
}

export interface FdMapOptions {
  refreshEveryTicks?: number;
  concurrency?: number;
  /** Ticks between re-reads of every same-uid process's socket fds (default 5; 6× that after one that placed nothing). */
  idleResolveBackoffTicks?: number;
}

export class FdMapCache {
  private readonly entries = new Map<number, PidEntry>();
  private readonly denied = new Map<number, DeniedEntry>();
  /** Inodes that stayed ownerless after a targeted re-walk: do not re-walk for them again. */
  private knownOrphans = new Set<number>();
  private resolveIdleUntilTick = 0;
  private cachedOwners: Pick<FdOwners, 'ownerByInode' | 'stdioByPid'> | undefined;
  private tick = 0;
  readonly stats: FdWalkStats = { statCalls: 0, readdirCalls: 0, readlinkCalls: 0 };

  constructor(
    private readonly fs: ProcFs,
    private readonly options: FdMapOptions = {},
  ) {}

  async update(processes: readonly FdProcess[]): Promise<FdOwners> {
    this.tick++;
    const refreshEvery = this.options.refreshEveryTicks ?? 60;
    const live = new Set<number>();
    let deniedPids = 0;
    let vanishedPids = 0;
    await mapLimit(processes, this.options.concurrency ?? 32, async ({ pid, startTime }) => {
      live.add(pid);
      const denied = this.denied.get(pid);
      if (denied && denied.startTime === startTime && denied.retryAtTick > this.tick) {
        deniedPids++;
        return;
      }
      const entry = this.entries.get(pid);
      const sameProcess = entry !== undefined && entry.startTime === startTime;
      // Periodic re-walks are spread over ticks by pid, so processes started together do not all
      // come due at once.
      const due = sameProcess && this.tick - entry.walkedAtTick >= refreshEvery && (this.tick + pid) % refreshEvery === 0;
      const full = !sameProcess || due || this.tick - entry.walkedAtTick >= 2 * refreshEvery;
      const outcome = await this.walk(pid, startTime, entry, full ? 'full' : 'changed');
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
        this.cachedOwners = undefined;
      }
    }
    for (const pid of this.denied.keys()) if (!live.has(pid)) this.denied.delete(pid);
    return { ...this.owners(), deniedPids, vanishedPids };
  }

  /**
   * Places sockets the cache could not: an fd number reused for a new socket keeps the fd count,
   * so update() does not notice. First the likely owners (`related`: processes holding sockets on
   * the same ports) have their socket fds re-read, which is cheap and catches servers and
   * connection pools; what is still ownerless then triggers a re-read of every same-uid
   * process's socket fds, at most once per `idleResolveBackoffTicks` (six times that after a pass
   * that placed nothing) — most leftovers on a busy host were simply closed between reading the
   * socket table and walking the fds.
   */
  async resolve(
    unowned: ReadonlyMap<number, number>,
    related: readonly number[],
    candidatesByUid: (uid: number) => number[],
  ): Promise<FdOwners | undefined> {
    const fresh = new Map<number, number>();
    for (const [inode, uid] of unowned) if (!this.knownOrphans.has(inode)) fresh.set(inode, uid);
    const stillOrphans = new Set<number>();
    for (const inode of this.knownOrphans) if (unowned.has(inode)) stillOrphans.add(inode);
    this.knownOrphans = stillOrphans;
    if (fresh.size === 0) return undefined;
    const rewalked = new Set<number>();
    const rewalk = async (pids: Iterable<number>): Promise<void> => {
      const todo: number[] = [];
      for (const pid of pids) {
        const entry = this.entries.get(pid);
        if (entry && !rewalked.has(pid) && entry.walkedAtTick !== this.tick) {
          rewalked.add(pid);
          todo.push(pid);
        }
      }
      await mapLimit(todo, this.options.concurrency ?? 32, async (pid) => {
        const entry = this.entries.get(pid);
        if (entry) await this.walk(pid, entry.startTime, entry, 'sockets');
      });
    };
    await rewalk(related);
    let owners = this.owners();
    for (const inode of [...fresh.keys()]) if (owners.ownerByInode.has(inode)) fresh.delete(inode);
    if (fresh.size > 0 && this.tick >= this.resolveIdleUntilTick) {
      for (const uid of new Set(fresh.values())) await rewalk(candidatesByUid(uid));
      owners = this.owners();
      let found = 0;
      for (const inode of fresh.keys()) {
        if (owners.ownerByInode.has(inode)) found++;
        else this.knownOrphans.add(inode);
      }
      // A pass that placed nothing says the leftovers are races: wait longer before the next one.
      const backoff = this.options.idleResolveBackoffTicks ?? 5;
      this.resolveIdleUntilTick = this.tick + (found > 0 ? backoff : backoff * 6);
    }
    return { ...owners, deniedPids: 0, vanishedPids: 0 };
  }

  /**
   * Walks /proc/<pid>/fd. 'full' reads every link; 'changed' does nothing when the fd count is
   * unchanged and otherwise reads only new fd numbers; 'sockets' also re-reads the fds that held
   * sockets (an fd number reused by a new socket).
   */
  private async walk(
    pid: number,
    startTime: number | undefined,
    previous: PidEntry | undefined,
    mode: 'full' | 'changed' | 'sockets',
  ): Promise<'ok' | 'denied' | 'gone'> {
    const dir = `/proc/${pid}/fd`;
    const known = mode === 'full' ? undefined : previous;
    try {
      let statCount = 0;
      if (known && mode === 'changed') {
        this.stats.statCalls++;
        statCount = await this.fs.statSize(dir);
        if (statCount === known.statCount && (statCount > 0 || known.fds.size === 0)) return 'ok';
      }
      this.stats.readdirCalls++;
      const names = await this.fs.readdir(dir);
      if (!known || mode === 'sockets') {
        this.stats.statCalls++;
        statCount = await this.fs.statSize(dir).catch(() => 0);
      }
      const fds = new Map<string, number>();
      const toRead: string[] = [];
      for (const name of names) {
        const inode = known?.fds.get(name);
        if (inode === undefined || (mode === 'sockets' && inode > 0)) toRead.push(name);
        else fds.set(name, inode);
      }
      await mapLimit(toRead, 8, async (name) => {
        this.stats.readlinkCalls++;
        try {
          fds.set(name, parseSocketInode(await this.fs.readlink(`${dir}/${name}`)));
        } catch (err) {
          if (!isGoneError(err)) throw err; // fd closed since readdir: skip it
        }
      });
      const walkedAtTick = mode === 'full' || !previous ? this.tick : previous.walkedAtTick;
      this.entries.set(pid, { startTime, statCount: statCount > 0 ? statCount : names.length, fds, walkedAtTick });
      this.cachedOwners = undefined;
      this.denied.delete(pid);
      return 'ok';
    } catch (err) {
      if (this.entries.delete(pid)) this.cachedOwners = undefined;
      if (isPermissionError(err)) return 'denied';
      if (isGoneError(err)) return 'gone';
      return 'denied';
    }
  }

  /** Whether resolve() already looked for this socket's owner in vain. */
  isKnownOrphan(inode: number): boolean {
    return this.knownOrphans.has(inode);
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

// Raw and packet sockets of tools that live less than a tick: nmap -sS -T4 -p- against one LAN host
// lives about 0.4 s, its raw socket 0.3 s, so a 1–2 s tick can miss its sockets entirely.
// Between ticks the watch looks at the newest pid in /proc/loadavg; for a few seconds after any
// process was created it also reads the raw and packet tables (three small files) every
// `intervalMs`, and every `intervalMs` / 2 for the first 1.5 s. A socket it has not seen before is
// matched against the young processes (an older holder is the tick's fd walk's job); if the socket
// is gone by the next tick, that tick still carries it, with its holder and `closedBeforeTick`.
// The new pids themselves are recorded too (transient-processes.ts).
// On an idle host each wake-up, not the read, is the cost (~0.4 ms of CPU on a VM, measured): with
// no process created lately the watch looks every 2 × `intervalMs` (half-way to the next tick when
// ticks are closer than that), timed from the tick, and skips a look the next tick would make
// anyway; the programs the collector runs itself (ss, ip) are counted out of the pids, so they do
// not keep it busy.
import type { LowLevelSocket, ProcessInfo, ProcessRef } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';
import type { ProcFs } from '../io';
import type { FileReader } from '../types';
import { parseSocketInode } from './fd-links';
import { LOW_LEVEL_FILES, parseLowLevel } from './low-level-sockets';
import { TransientProcesses } from './transient-processes';

const WATCHED = LOW_LEVEL_FILES.filter((file) => file.kind !== 'ping');
/** Bounds: sockets remembered between two ticks, new processes searched per poll, fds read per process. */
const MAX_SIGHTINGS = 64;
const MAX_NEW_PIDS = 64;
const MAX_FDS_PER_PID = 256;
/** How long after a process was created the tables are read, and a process counts as young (it may open its socket a little later). */
export const YOUNG_PROCESS_MS = 5_000;
/** Right after a process appears the watch looks twice as often: nmap -sS -p- against one LAN host holds its raw socket ~0.3 s. */
const HOT_MS = 1_500;
/** Pids the collector's own programs may still account for: a few per tick at most. */
const MAX_OWN_CREDIT = 8;

/** The most recently created pid, the last field of /proc/loadavg ("0.00 0.01 0.05 1/123 4567"). */
export function lastPid(loadavg: string): number | undefined {
  const value = Number(loadavg.trim().split(/\s+/)[4]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export interface LowLevelWatchSources {
  read: FileReader;
  fs: ProcFs;
  /** The process as the process table would describe it. */
  describe(pid: number): Promise<ProcessInfo | undefined>;
  /** Its name, parent and command line only, for processes that may exit before the tick (else `describe`). */
  glance?(pid: number): Promise<ProcessRef | undefined>;
  /** Whether this pid is an old process (listed by the last full collection, started well before it): young ones are searched. */
  isOld(pid: number): boolean;
  /** Programs the collector started so far (ss, ip): the pids they took are not the host's activity. */
  ownPrograms?(): number;
}

export class LowLevelWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seenInodes = new Set<number>();
  private readonly sightings = new Map<number, LowLevelSocket>();
  private polling = false;
  private lastTickAt = Date.now();
  private tickGapMs = 0;
  private newestPid: number | undefined;
  private armedUntil = 0;
  private hotUntil = 0;
  private ownSeen = 0;
  private ownCredit = 0;
  private stopped = false;
  private readonly transients: TransientProcesses;

  constructor(
    private readonly sources: LowLevelWatchSources,
    private readonly intervalMs = 500,
  ) {
    this.transients = new TransientProcesses(sources.glance ?? (async (pid) => sources.describe(pid).then((info) => info && toProcessRef(info))));
  }

  /** Called at every tick: polls from now on, and stops by itself once ticks stop coming. */
  tick(): void {
    const now = Date.now();
    this.tickGapMs = now - this.lastTickAt;
    this.lastTickAt = now;
    this.stopped = false;
    // The tick is awake anyway: it looks at the pids now and times the next look from here.
    void this.armed().then((armed) => this.schedule(armed ? this.armedIntervalMs : this.firstIdleLookMs));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private get armedIntervalMs(): number {
    return Date.now() < this.hotUntil ? Math.max(50, Math.round(this.intervalMs / 2)) : this.intervalMs;
  }

  private get idleIntervalMs(): number {
    return 2 * this.intervalMs;
  }

  /** Idle: the look after a tick comes half-way to the next one, so a 1-s tick still gets one between (a scan may live less than a tick). */
  private get firstIdleLookMs(): number {
    return Math.min(this.idleIntervalMs, Math.max(this.intervalMs, this.tickGapMs / 2));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll().then(() => this.scheduleAfterPoll());
    }, delayMs);
    this.timer.unref();
  }

  /** Armed: again soon. Idle: again after the idle interval, unless the next tick comes first (it reschedules). */
  private scheduleAfterPoll(): void {
    if (this.stopped) return;
    const now = Date.now();
    if (now < this.armedUntil) return this.schedule(this.armedIntervalMs);
    const nextTickIn = this.lastTickAt + this.tickGapMs - now;
    const tickComesFirst = this.tickGapMs > 0 && nextTickIn < 1.5 * this.idleIntervalMs;
    this.schedule(tickComesFirst ? nextTickIn + this.idleIntervalMs : this.idleIntervalMs);
  }

  /** The processes created since the last call that the watch described between ticks (some are gone by now). */
  takeTransients(): ProcessRef[] {
    return this.transients.take();
  }

  /** True when a socket seen since the last tick is already closed or not yet collected. */
  hasSightings(): boolean {
    return this.sightings.size > 0;
  }

  /**
   * The tick's sockets plus those seen since the last tick that are closed now, each with its
   * holder; the tick's sockets get the holder the watch found when the fd walk found none.
   */
  merge(live: LowLevelSocket[]): LowLevelSocket[] {
    const liveInodes = new Set<number>();
    for (const socket of live) {
      liveInodes.add(socket.inode);
      const seen = this.sightings.get(socket.inode);
      if (!socket.process && seen?.process) socket.process = seen.process;
    }
    const closed = [...this.sightings.values()].filter((s) => !liveInodes.has(s.inode)).map((s) => ({ ...s, closedBeforeTick: true }));
    this.sightings.clear();
    for (const inode of liveInodes) this.seenInodes.add(inode);
    return closed.length > 0 ? [...live, ...closed] : live;
  }

  /** One look at the tables; public for tests. */
  async poll(): Promise<void> {
    if (this.polling) return;
    if (Date.now() - this.lastTickAt > Math.max(10_000, 3 * this.tickGapMs)) {
      this.stop(); // the collector is no longer ticking
      return;
    }
    this.polling = true;
    try {
      if (!(await this.armed())) return;
      const [sockets] = await Promise.all([this.readTables(), this.transients.look()]);
      const fresh = sockets.filter((s) => s.inode > 0 && !this.seenInodes.has(s.inode) && !this.sightings.has(s.inode));
      this.seenInodes = new Set(sockets.map((s) => s.inode));
      if (fresh.length > 0) await this.nameHolders(fresh);
    } finally {
      this.polling = false;
    }
  }

  /** True while a process not the collector's own was created in the last YOUNG_PROCESS_MS (or /proc/loadavg cannot tell). */
  private async armed(): Promise<boolean> {
    const now = Date.now();
    const pid = await this.sources.read('/proc/loadavg').then(lastPid, () => undefined);
    const own = this.sources.ownPrograms?.() ?? 0;
    this.ownCredit = Math.min(MAX_OWN_CREDIT, this.ownCredit + own - this.ownSeen);
    this.ownSeen = own;
    if (pid === undefined || this.newestPid === undefined || pid !== this.newestPid) {
      const taken = pid !== undefined && this.newestPid !== undefined && pid > this.newestPid ? pid - this.newestPid : Infinity;
      if (taken <= this.ownCredit) this.ownCredit -= taken;
      else {
        if (pid !== undefined && this.newestPid !== undefined) this.transients.created(this.newestPid, pid);
        this.armedUntil = now + YOUNG_PROCESS_MS;
        this.hotUntil = now + HOT_MS;
        this.ownCredit = 0;
      }
    }
    this.newestPid = pid;
    return now < this.armedUntil;
  }

  private async readTables(): Promise<LowLevelSocket[]> {
    const tables = await Promise.all(
      WATCHED.map(({ path, kind, family }) =>
        this.sources.read(path).then(
          (text) => parseLowLevel(text, kind, family).sockets,
          () => [],
        ),
      ),
    );
    return tables.flat();
  }

  /** Searches the processes started since the last tick for the fresh sockets' inodes. */
  private async nameHolders(fresh: LowLevelSocket[]): Promise<void> {
    const wanted = new Map(fresh.map((s) => [s.inode, s]));
    const entries = await this.sources.fs.readdir('/proc').catch(() => [] as string[]);
    const newPids = entries
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((pid) => !this.sources.isOld(pid) && pid !== process.pid)
      .slice(-MAX_NEW_PIDS);
    for (const pid of newPids) {
      if (wanted.size === 0 || this.sightings.size >= MAX_SIGHTINGS) return;
      const held = await this.inodesHeldBy(pid, wanted);
      if (held.length === 0) continue;
      const info = await this.sources.describe(pid);
      for (const inode of held) {
        const socket = wanted.get(inode) as LowLevelSocket;
        wanted.delete(inode);
        this.sightings.set(inode, info ? { ...socket, process: toProcessRef(info) } : socket);
      }
    }
  }

  private async inodesHeldBy(pid: number, wanted: ReadonlyMap<number, LowLevelSocket>): Promise<number[]> {
    const dir = `/proc/${pid}/fd`;
    const fds = await this.sources.fs.readdir(dir).catch(() => [] as string[]);
    const held: number[] = [];
    for (const fd of fds.slice(0, MAX_FDS_PER_PID)) {
      const link = await this.sources.fs.readlink(`${dir}/${fd}`).catch(() => '');
      const inode = parseSocketInode(link);
      if (wanted.has(inode)) held.push(inode);
    }
    return held;
  }
}

// Process table from /proc. Per tick only /proc/<pid>/stat is read; cmdline, exe, uid and user are
// cached per pid + start time (and comm, which changes on exec).
import type { CoverageWarning, ProcessInfo, ProcessRef } from '../../../src-shared/model';
import { mapLimit, type ProcFs } from '../io';
import { ELEVATED_RUN_HINT, describeFailure, isGoneError, isPermissionError, warning, type Sourced } from '../source';
import type { FileReader } from '../types';
import { boundedCmdline, boundedExe, boundedName, type ProcessTextOptions } from '../process-text';

/** USER_HZ: the unit of /proc times; 100 on every architecture Linux runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** Clock ticks after boot. */
  startTicks: number;
  /** PF_KTHREAD: a kernel thread, which never holds file descriptors. */
  kernelThread: boolean;
  /** cminflt: minor faults of the children it has waited for; it moves each time one of them ends. */
  childFaults: number;
}

const PF_KTHREAD = 0x00200000;

/** /proc/<pid>/stat: comm sits in parentheses and may itself hold spaces or ')'. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state), flags field 9 → rest[6], cminflt field 11 → rest[8], starttime field 22 → rest[19].
  const state = rest[0];
  const ppid = Number(rest[1]);
  const flags = Number(rest[6]);
  const childFaults = Number(rest[8]);
  const startTicks = Number(rest[19]);
  if (!Number.isInteger(pid) || !state || !Number.isInteger(ppid) || !Number.isFinite(startTicks)) return undefined;
  const kernelThread = Number.isInteger(flags) && (flags & PF_KTHREAD) !== 0;
  return { pid, comm: text.slice(open + 1, close), state, ppid, startTicks, kernelThread, childFaults: Number.isFinite(childFaults) ? childFaults : 0 };
}

export interface StatusUids {
  real: number;
  effective: number;
  saved: number;
  fs: number;
}

export function parseStatusUids(text: string): StatusUids | undefined {
  const match = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(text);
  if (!match) return undefined;
  return { real: Number(match[1]), effective: Number(match[2]), saved: Number(match[3]), fs: Number(match[4]) };
}

export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(':');
    const name = fields[0];
    const uid = Number(fields[2]);
    if (name && fields.length >= 3 && fields[2] !== '' && Number.isInteger(uid) && !users.has(uid)) users.set(uid, name);
  }
  return users;
}

/** `btime` from /proc/stat: boot time in epoch seconds. */
export function parseBootTime(procStat: string): number | undefined {
  const match = /^btime (\d+)$/m.exec(procStat);
  return match ? Number(match[1]) : undefined;
}

/** /proc/<pid>/cmdline: NUL-separated argv, usually NUL-terminated. */
export function parseCmdline(raw: string): string {
  let end = raw.length;
  while (end > 0 && raw.charCodeAt(end - 1) === 0) end--;
  return raw.slice(0, end).replaceAll('\0', ' ');
}

/** comm is cut at 15 characters; prefer argv[0]'s base name when comm is a prefix of it. */
export function processName(comm: string, cmdline: string | undefined): string {
  if (comm.length < 15 || !cmdline) return comm;
  const space = cmdline.indexOf(' ');
  const argv0 = space < 0 ? cmdline : cmdline.slice(0, space);
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  return base.startsWith(comm) ? base : comm;
}

export function startTimeMs(bootTimeSec: number, startTicks: number): number {
  return bootTimeSec * 1000 + Math.round((startTicks * 1000) / CLOCK_TICKS_PER_SECOND);
}

interface CachedFacts {
  startTicks: number;
  /** A kernel thread's last stat line, reused between its periodic re-reads. */
  kernelStat?: ProcStat;
  comm: string;
  name: string;
  exe?: string;
  cmdline?: string;
  uids?: StatusUids;
  exeDenied: boolean;
}

export interface ProcessTableData {
  processes: ProcessInfo[];
  byPid: Map<number, ProcessInfo>;
  /** Every uid (real, effective, saved, fs) of each process: sockets carry the creator's fs uid. */
  uidsByPid: Map<number, StatusUids>;
  /** Kernel threads: nothing to look for in their (empty) fd tables. */
  kernelThreads: Set<number>;
}

export interface ProcessTableOptions extends ProcessTextOptions {
  concurrency?: number;
  /** Re-read /etc/passwd every this many updates. */
  passwdRefreshTicks?: number;
  /** Re-read each process's exe link this often (updates, spread by pid): a file deleted after exec shows ` (deleted)`. */
  exeRefreshTicks?: number;
  /** Re-read a known kernel thread's stat this often (updates, spread by pid; default 10). */
  kernelThreadRefreshTicks?: number;
}

/** The numeric entries of /proc: its processes. */
function pidsIn(entries: readonly string[]): number[] {
  const pids: number[] = [];
  for (const name of entries) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return pids;
}

/** update()'s warnings for executable paths it may not read and processes it could not read at all. */
function unreadCoverage(exeDenied: number, unreadable: number): CoverageWarning[] {
  const coverage: CoverageWarning[] = [];
  if (exeDenied > 0) {
    const elevated = process.getuid?.() === 0;
    coverage.push(
      warning(
        'processes',
        `executable path unreadable for ${exeDenied} process${exeDenied === 1 ? '' : 'es'}`,
        elevated ? 'protected processes hide their executable even from root' : `other users’ executable paths are hidden; ${ELEVATED_RUN_HINT}`,
      ),
    );
  }
  if (unreadable > 0) coverage.push(warning('processes', `${unreadable} processes could not be read`));
  return coverage;
}

/** One update()'s running state, shared by its per-process reads. */
interface UpdatePass {
  tick: number;
  data: ProcessTableData;
  /** Pids whose stat was read: the others' cached facts are dropped. */
  seen: Set<number>;
  exeDenied: number;
  unreadable: number;
}

export class ProcessTable {
  private readonly facts = new Map<number, CachedFacts>();
  private users = new Map<number, string>();
  private bootTimeSec: number | undefined;
  private ticks = 0;

  constructor(
    private readonly read: FileReader,
    private readonly fs: ProcFs,
    private readonly options: ProcessTableOptions = {},
  ) {}

  async update(): Promise<Sourced<ProcessTableData>> {
    const coverage: CoverageWarning[] = [];
    const data: ProcessTableData = { processes: [], byPid: new Map(), uidsByPid: new Map(), kernelThreads: new Set() };
    let entries: string[];
    try {
      entries = await this.fs.readdir('/proc');
    } catch (err) {
      coverage.push(warning('processes', `cannot list /proc: ${describeFailure(err)}`));
      return { data, coverage };
    }
    await this.refreshSystemFacts(coverage);
    const pass: UpdatePass = { tick: this.ticks, data, seen: new Set(), exeDenied: 0, unreadable: 0 };
    const infos = await mapLimit(pidsIn(entries), this.options.concurrency ?? 32, (pid) => this.readProcess(pid, pass));
    for (const pid of this.facts.keys()) if (!pass.seen.has(pid)) this.facts.delete(pid);
    for (const info of infos) {
      if (!info) continue;
      data.processes.push(info);
      data.byPid.set(info.pid, info);
    }
    coverage.push(...unreadCoverage(pass.exeDenied, pass.unreadable));
    return { data, coverage };
  }

  /** One process of update(): its stat, and its cached facts (re-read when it is new or exec'd). */
  private async readProcess(pid: number, pass: UpdatePass): Promise<ProcessInfo | undefined> {
    const { tick, data } = pass;
    // Kernel threads (half the pids of a quiet host) never exec and hold no fds: between
    // re-reads their last stat stands. Limit: a pid reused by a user process within that window
    // (a pid wrap-around in under 20 s) shows as the kernel thread until the next re-read.
    let stat = (tick + pid) % (this.options.kernelThreadRefreshTicks ?? 10) === 0 ? undefined : this.facts.get(pid)?.kernelStat;
    if (!stat) {
      try {
        stat = parseProcStat(await this.read(`/proc/${pid}/stat`));
      } catch (err) {
        if (!isGoneError(err)) pass.unreadable++;
        return undefined; // exited since the listing: normal churn
      }
    }
    if (!stat) {
      pass.unreadable++;
      return undefined;
    }
    pass.seen.add(pid);
    if (stat.kernelThread) data.kernelThreads.add(pid);
    let facts = this.facts.get(pid);
    if (!facts || facts.startTicks !== stat.startTicks || facts.comm !== stat.comm) {
      facts = await this.readFacts(pid, stat);
      if (!facts) return undefined;
      this.facts.set(pid, facts);
    } else if (facts.exe !== undefined && (tick + pid) % (this.options.exeRefreshTicks ?? 5) === 0) {
      const previousExe: string = facts.exe;
      facts.exe = await this.fs.readlink(`/proc/${pid}/exe`).then(boundedExe, () => previousExe);
    }
    if (stat.kernelThread) facts.kernelStat = stat;
    else delete facts.kernelStat;
    if (facts.exeDenied) pass.exeDenied++;
    if (facts.uids) data.uidsByPid.set(pid, facts.uids);
    return this.infoOf(pid, stat, facts);
  }

  private async refreshSystemFacts(coverage: CoverageWarning[]): Promise<void> {
    const passwdEvery = this.options.passwdRefreshTicks ?? 30;
    if (this.ticks++ % passwdEvery === 0) {
      try {
        this.users = parsePasswd(await this.read('/etc/passwd'));
      } catch (err) {
        coverage.push(warning('processes', `cannot read /etc/passwd (${describeFailure(err)}): user names unknown`));
      }
    }
    if (this.bootTimeSec === undefined) {
      try {
        this.bootTimeSec = parseBootTime(await this.read('/proc/stat'));
      } catch {
        // start times stay unknown; reported through the missing field, not worth a warning per tick
      }
    }
  }

  /** One process read now, outside update(): the low-level watch names a socket's holder between ticks. */
  async describe(pid: number): Promise<ProcessInfo | undefined> {
    const stat = await this.read(`/proc/${pid}/stat`).then(parseProcStat, () => undefined);
    const facts = stat && (await this.readFacts(pid, stat));
    return stat && facts ? this.infoOf(pid, stat, facts) : undefined;
  }

  /** Name, parent and command line only (two reads): the low-level watch's record of a process that may exit before the tick. */
  async glance(pid: number): Promise<ProcessRef | undefined> {
    const [stat, cmdline] = await Promise.all([
      this.read(`/proc/${pid}/stat`).then(parseProcStat, () => undefined),
      this.read(`/proc/${pid}/cmdline`).then(parseCmdline, () => ''),
    ]);
    if (!stat) return undefined;
    const ref: ProcessRef = { pid, ppid: stat.ppid, name: boundedName(processName(stat.comm, cmdline)) };
    if (cmdline) ref.cmdline = boundedCmdline(cmdline, this.options);
    return ref;
  }

  private infoOf(pid: number, stat: ProcStat, facts: CachedFacts): ProcessInfo {
    const info: ProcessInfo = { pid, ppid: stat.ppid, name: facts.name };
    if (stat.childFaults > 0) info.childFaults = stat.childFaults;
    if (facts.exe) info.exe = facts.exe;
    if (facts.cmdline) info.cmdline = facts.cmdline;
    if (facts.uids) {
      info.uid = facts.uids.real;
      const user = this.users.get(facts.uids.real);
      if (user !== undefined) info.user = user;
    }
    if (this.bootTimeSec !== undefined) info.startTime = startTimeMs(this.bootTimeSec, stat.startTicks);
    return info;
  }

  private async readFacts(pid: number, stat: ProcStat): Promise<CachedFacts | undefined> {
    const base = `/proc/${pid}`;
    const [status, cmdline, exe] = await Promise.allSettled([this.read(`${base}/status`), this.read(`${base}/cmdline`), this.fs.readlink(`${base}/exe`)]);
    if (status.status === 'rejected' && isGoneError(status.reason)) return undefined;
    const facts: CachedFacts = { startTicks: stat.startTicks, comm: stat.comm, name: stat.comm, exeDenied: false };
    if (status.status === 'fulfilled') {
      const uids = parseStatusUids(status.value);
      if (uids) facts.uids = uids;
    }
    const rawCmdline = cmdline.status === 'fulfilled' ? parseCmdline(cmdline.value) : '';
    if (rawCmdline) facts.cmdline = boundedCmdline(rawCmdline, this.options);
    facts.name = boundedName(processName(stat.comm, rawCmdline));
    // Kernel threads have no exe (ENOENT); other users' processes give EACCES without privileges.
    if (exe.status === 'fulfilled') facts.exe = boundedExe(exe.value);
    else facts.exeDenied = isPermissionError(exe.reason);
    return facts;
  }
}

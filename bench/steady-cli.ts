// The real CLI's whole-process CPU while it runs steadily: its threads' run time (/proc/<pid>/task/*/
// schedstat, in ns) plus cutime + cstime (the `ss`/`ip` it ran and reaped), sampled after start-up
// and before the report. utime + stime alone count in 10-ms clock ticks: at idle, ±20 % of the figure.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchModule } from './module';
import { CLI_PATH, cliNodeFlags, type Plan } from './plan';
import { int, ms } from './results-table';
import { startSocketFarm } from './socket-farm';

const CLOCK_TICKS_PER_SECOND = 100;

/** cutime + cstime of a /proc/<pid>/stat line (the children it reaped), in ms. */
export function reapedChildrenCpuMs(statLine: string): number {
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  if (!Number.isFinite(ticks)) throw new Error(`unexpected /proc stat line: ${statLine.slice(0, 80)}`);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Run time of the process's live threads (first field of each task's schedstat, ns), in ms. */
export function threadsRunMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

/** Sockets in the host's TCP and UDP tables (this network namespace). */
export function hostSockets(): number {
  let n = 0;
  for (const path of ['/proc/net/tcp', '/proc/net/tcp6', '/proc/net/udp', '/proc/net/udp6']) {
    try {
      n += readFileSync(path, 'utf8').trimEnd().split('\n').length - 1;
    } catch {
      // no IPv6
    }
  }
  return n;
}

export interface SteadyCpu {
  hostSockets: number;
  intervalSec: number;
  windowSec: number;
  cpuMs: number;
  ticks: number;
  /** cpuMs ÷ window: share of one core, in %. */
  corePercent: number;
  cpuMsPerTick: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `monitor -i intervalSec` and measures from `fromSec` to `toSec` after its start (start-up and report excluded). */
export async function steadyCliCpu(intervalSec: number, fromSec: number, toSec: number): Promise<SteadyCpu> {
  const dir = mkdtempSync(join(tmpdir(), 'netsentinel-bench-'));
  const child = spawn(
    process.execPath,
    [...cliNodeFlags(), CLI_PATH, 'monitor', '-d', String(toSec + 2), '-i', String(intervalSec), '-o', join(dir, 'report.json')],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', kill);
  try {
    const pid = child.pid;
    if (pid === undefined) throw new Error('the CLI did not start');
    const stat = (): number => threadsRunMs(pid) + reapedChildrenCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    await sleep(fromSec * 1000);
    const sockets = hostSockets();
    const cpu0 = stat();
    const wall0 = performance.now();
    await sleep((toSec - fromSec) * 1000);
    const cpuMs = stat() - cpu0;
    const windowSec = (performance.now() - wall0) / 1000;
    const ticks = windowSec / intervalSec;
    await exited;
    return { hostSockets: sockets, intervalSec, windowSec, cpuMs, ticks, corePercent: (cpuMs / (windowSec * 1000)) * 100, cpuMsPerTick: cpuMs / ticks };
  } finally {
    kill();
    process.removeListener('exit', kill);
    rmSync(dir, { recursive: true, force: true });
  }
}

function steadyLine(label: string, r: SteadyCpu): string {
  return (
    `  ${label}: ${int(r.hostSockets)} sockets on the host, every ${r.intervalSec} s: ${ms(r.cpuMs)} ms CPU in a ${r.windowSec.toFixed(1)}-s steady window ` +
    `= ${r.corePercent.toFixed(2)} % of one core, ${ms(r.cpuMsPerTick)} ms per tick (threads' schedstat run time + reaped children)`
  );
}

// Steady means after start-up and the JIT's first compilations (~20 s): the full bench measures 90 s
// after 30 s; each wake-up costs a share of the figure, so a short window follows a few of them.
const windowOf = (plan: Plan): [number, number] => (plan.mode === 'quick' ? [4, 12] : [30, 120]);

/** The CLI at the shared farm's largest size: what a steady tick costs the whole process. */
export const steadyCliModule: BenchModule = {
  id: 'cli-steady',
  title: 'Whole CLI process per steady tick (utime+stime+cutime+cstime from /proc/<pid>/stat)',
  farm: 'shared',
  async run({ plan, farm, log }) {
    const [from, to] = windowOf(plan);
    log(`CLI steady: ${farm?.sockets() ?? 0} farm sockets; monitor -i 2, measured from ${from} s to ${to} s`);
    const r = await steadyCliCpu(2, from, to);
    return { lines: [steadyLine(`monitor with ${int(farm?.sockets() ?? 0)} farm sockets (${farm?.pids.length ?? 0} processes)`, r)], data: r };
  },
};

/** Target: < 0.5 % of a core on a quiet desktop (~300 sockets). */
export const IDLE_TARGET_CORE_PERCENT = 0.5;
const IDLE_SOCKETS = 300;

export const idleCostModule: BenchModule = {
  id: 'idle',
  title: `Idle overhead at ~${IDLE_SOCKETS} sockets (whole CLI process, default 2-s interval)`,
  farm: 'own',
  async run({ plan, log }) {
    const missing = Math.max(0, IDLE_SOCKETS - hostSockets());
    // Two children; each holds 2 sockets per pair plus its listener.
    const farm = await startSocketFarm({ processes: 2, pairsPerChild: Math.max(1, Math.ceil((missing - 2) / 4)) });
    try {
      const [from, to] = windowOf(plan);
      log(`idle: ${hostSockets()} sockets on the host; monitor -i 2, measured from ${from} s to ${to} s`);
      const r = await steadyCliCpu(2, from, to);
      const verdict = plan.mode === 'quick' ? 'not judged in --quick mode' : r.corePercent < IDLE_TARGET_CORE_PERCENT ? 'MET' : 'NOT MET';
      return {
        lines: [steadyLine('monitor', r), `Target: idle overhead < ${IDLE_TARGET_CORE_PERCENT} % of a core: ${verdict} (${r.corePercent.toFixed(2)} %)`],
        data: r,
      };
    } finally {
      await farm.stop();
    }
  },
};

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseBashTimes } from './cpu-time';
import { childPids, readThreadCpu, threadCpuSince } from './thread-cpu';
import { cliNodeFlags } from './plan';

export interface CliRunOptions {
  cliPath: string;
  durationSec: number;
  intervalSec: number;
  outputPath: string;
  /** Pids whose sockets the report should attribute (the socket farm's). */
  expectedOwners?: readonly number[];
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: readonly string[];
  /** Sample the CLI's threads' CPU time this often (ms) to tell where it went; off when unset. */
  threadSampleMs?: number;
}

export interface CliRunResult {
  command: string;
  exitCode: number;
  wallMs: number;
  /** user + sys of the CLI and everything it ran (ss, ip …), from bash's `times`. */
  cpuMs: number;
  reportTicks: number;
  reportConnections: number;
  /** Connections in the report owned by one of expectedOwners. */
  reportConnectionsOfExpectedOwners: number;
  /**
   * CPU per thread of the CLI process (main = the JS main thread), as of the last sample taken
   * before it exited, so slightly under the total. Empty unless threadSampleMs was given.
   */
  threads: { name: string; ms: number }[];
  /** Size of the report file the run wrote (0 when none). */
  reportBytes: number;
  stderrTail: string;
}

// Process groups of CLI runs still going: killed if the bench exits first (Ctrl+C, a crash).
const runningGroups = new Set<number>();
let exitHookInstalled = false;

function killRunningOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of runningGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

interface ReportShape {
  report_metadata?: { ticks?: number };
  network_state?: { active_connections?: { process?: { pid?: number } }[] };
}

/** The report the run wrote and its size; empty and 0 when it wrote none or not JSON. */
async function readReport(path: string): Promise<{ report: ReportShape; reportBytes: number }> {
  try {
    const text = await readFile(path, 'utf8');
    const reportBytes = Buffer.byteLength(text);
    try {
      return { report: JSON.parse(text) as ReportShape, reportBytes };
    } catch {
      return { report: {}, reportBytes };
    }
  } catch {
    // Reported as zero ticks and connections; the exit code and stderr tell why.
    return { report: {}, reportBytes: 0 };
  }
}

/**
 * Runs `netsentinel monitor` as a child of bash and ends with bash's `times`, whose second line is
 * the CPU time of every reaped descendant: the CLI itself plus the programs it spawned.
 */
export async function runCliUnderTimes(options: CliRunOptions): Promise<CliRunResult> {
  const args = ['monitor', '-d', String(options.durationSec), '-i', String(options.intervalSec), '-o', options.outputPath];
  const nodeArgs = [...cliNodeFlags(options.cliPath), ...(options.nodeArgs ?? [])];
  const command = ['node', ...nodeArgs, options.cliPath, ...args].join(' ');
  const script = '"$0" "$@" </dev/null; code=$?; times; exit $code';
  killRunningOnExit();
  let lastThreads = new Map<string, number>();
  const started = performance.now();
  const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve, reject) => {
    // Its own process group, so the bench can end bash and the CLI together.
    const child = spawn('bash', ['-c', script, process.execPath, ...nodeArgs, options.cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pgid = child.pid;
    if (pgid !== undefined) runningGroups.add(pgid);
    if (options.threadSampleMs !== undefined && pgid !== undefined) {
      const timer = setInterval(() => {
        const cliPid = childPids(pgid)[0];
        if (cliPid === undefined) return;
        try {
          lastThreads = readThreadCpu(cliPid);
        } catch {
          // exiting right now; keep the previous sample
        }
      }, options.threadSampleMs);
      child.once('close', () => clearInterval(timer));
    }
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (pgid !== undefined) runningGroups.delete(pgid);
      resolve({ exitCode: code ?? -1, stdout: out, stderr: err });
    });
  });
  const wallMs = performance.now() - started;
  const cpuMs = parseBashTimes(stdout).childrenMs;

  const { report, reportBytes } = await readReport(options.outputPath);
  const connections = report.network_state?.active_connections ?? [];
  const owners = new Set(options.expectedOwners ?? []);
  return {
    command,
    exitCode,
    wallMs,
    cpuMs,
    reportTicks: report.report_metadata?.ticks ?? 0,
    reportConnections: connections.length,
    threads: threadCpuSince(new Map(), lastThreads),
    reportBytes,
    reportConnectionsOfExpectedOwners: connections.filter((c) => c.process?.pid !== undefined && owners.has(c.process.pid)).length,
    stderrTail: stderr.trim().split('\n').slice(-5).join('\n'),
  };
}

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliUnderTimes, type CliRunResult } from './cli-run';
import { functionCosts, isInteresting, type CpuProfile, type FunctionCost } from './cpu-profile';

export interface CliProfile {
  run: CliRunResult;
  /** JS threads profiled (main + workers), all merged below. */
  threads: number;
  profiledMs: number;
  garbageCollectorMs: number;
  bySelf: FunctionCost[];
  byTotal: FunctionCost[];
}

/**
 * One CLI run under --cpu-prof: where the CLI's own CPU time goes (child programs are not in the
 * profile, and the profiler's own overhead inflates the CPU total).
 */
export async function profileCliRun(
  cliPath: string,
  durationSec: number,
  intervalSec: number,
  expectedOwners: readonly number[],
  top = 25,
): Promise<CliProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'netsentinel-profile-'));
  try {
    const run = await runCliUnderTimes({
      cliPath,
      durationSec,
      intervalSec,
      outputPath: join(dir, 'report.json'),
      expectedOwners,
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250'],
    });
    // One profile per JS thread: the main thread and any worker_threads (the /proc reader, say).
    const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
    if (files.length === 0) throw new Error(`no .cpuprofile written; CLI stderr: ${run.stderrTail}`);
    const merged = new Map<string, FunctionCost>();
    let profiledMs = 0;
    for (const file of files) {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      const costs = functionCosts(profile);
      const idle = costs.find((c) => c.name.startsWith('(idle)'))?.selfMs ?? 0;
      profiledMs += profile.timeDeltas.reduce((sum, d) => sum + d, 0) / 1000 - idle;
      for (const cost of costs) {
        const seen = merged.get(cost.name);
        merged.set(cost.name, seen ? { name: cost.name, selfMs: seen.selfMs + cost.selfMs, totalMs: seen.totalMs + cost.totalMs } : { ...cost });
      }
    }
    const costs = [...merged.values()].sort((a, b) => b.totalMs - a.totalMs);
    return {
      run,
      threads: files.length,
      profiledMs,
      garbageCollectorMs: merged.get('(garbage collector)')?.selfMs ?? 0,
      bySelf: costs
        .filter(isInteresting)
        .sort((a, b) => b.selfMs - a.selfMs)
        .slice(0, top),
      byTotal: costs.filter(isInteresting).slice(0, top),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatCliProfile(p: CliProfile, farmSockets: number): string {
  const row = (c: FunctionCost): string => `${c.selfMs.toFixed(0).padStart(7)} ${c.totalMs.toFixed(0).padStart(8)}  ${c.name}`;
  return [
    `CLI profile at ${farmSockets.toLocaleString('en-US')} farm sockets: ${p.run.command}`,
    `  CPU (node + children, bash times) ${p.run.cpuMs.toFixed(0)} ms; JS busy in profile ${p.profiledMs.toFixed(0)} ms over ${p.threads} JS thread(s), of which GC ${p.garbageCollectorMs.toFixed(0)} ms; ${p.run.reportTicks} ticks`,
    '  self ms  total ms  function — by self time',
    ...p.bySelf.map(row),
    '  self ms  total ms  function — by total (inclusive) time',
    ...p.byTotal.map(row),
  ].join('\n');
}

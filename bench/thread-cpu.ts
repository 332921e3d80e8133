import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * utime + stime (ms) per thread of a process (this one by default), keyed by "name (tid)", from /proc/<pid>/task.
 * The main thread (tid = pid) is named "main"; worker_threads share the process's name.
 */
export function readThreadCpu(pid: number = process.pid): Map<string, number> {
  const threads = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND; // utime, stime
      threads.set(`${name} (${tid})`, ms);
    } catch {
      // the thread ended meanwhile
    }
  }
  return threads;
}

/** CPU each thread used between two readings, grouped by thread name, busiest first. */
export function threadCpuSince(before: Map<string, number>, after: Map<string, number> = readThreadCpu()): { name: string; ms: number }[] {
  const byName = new Map<string, number>();
  for (const [key, ms] of after) {
    const name = key.replace(/ \(\d+\)$/, '');
    byName.set(name, (byName.get(name) ?? 0) + ms - (before.get(key) ?? 0));
  }
  return [...byName]
    .map(([name, ms]) => ({ name, ms }))
    .filter((t) => t.ms > 0)
    .sort((a, b) => b.ms - a.ms);
}

/** The pids of a process's direct children (Linux ≥ 3.5 with /proc/<pid>/task/<tid>/children). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

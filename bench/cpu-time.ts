import { readFileSync } from 'node:fs';

/** CPU time of this process and of its children that have already exited and been reaped, in ms. */
export interface CpuTime {
  selfMs: number;
  childrenMs: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, fixed at 100 on Linux for /proc/<pid>/stat.

/**
 * cutime + cstime from a /proc/<pid>/stat line, in ms. The command name (field 2) may contain
 * spaces and parentheses, so fields are counted from the last ')'.
 */
export function parseChildrenCpuMs(statLine: string): number {
  const afterName = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  // afterName[0] is field 3 (state); cutime and cstime are fields 16 and 17.
  const cutime = Number(afterName[13]);
  const cstime = Number(afterName[14]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) throw new Error(`unexpected /proc stat line: ${statLine.slice(0, 80)}`);
  return ((cutime + cstime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Self time at µs resolution (getrusage); children at 10 ms resolution (only reaped children count). */
export function readCpuTime(): CpuTime {
  const { user, system } = process.cpuUsage();
  return { selfMs: (user + system) / 1000, childrenMs: parseChildrenCpuMs(readFileSync('/proc/self/stat', 'utf8')) };
}

export function cpuSince(start: CpuTime, end: CpuTime = readCpuTime()): CpuTime & { totalMs: number } {
  const selfMs = end.selfMs - start.selfMs;
  const childrenMs = end.childrenMs - start.childrenMs;
  return { selfMs, childrenMs, totalMs: selfMs + childrenMs };
}

/** bash's `times` prints the shell's user/sys line, then its children's; returns both, in ms. */
export function parseBashTimes(output: string): { shellMs: number; childrenMs: number } {
  const lines = output
    .trim()
    .split('\n')
    .filter((line) => /^\s*\d+m[\d.]+s\s+\d+m[\d.]+s\s*$/.test(line));
  const last2 = lines.slice(-2);
  if (last2.length !== 2) throw new Error(`no bash "times" output found in: ${output.slice(-200)}`);
  const toMs = (clock: string): number => {
    const match = /^(\d+)m([\d.]+)s$/.exec(clock);
    if (!match) throw new Error(`bad times value ${clock}`);
    return (Number(match[1]) * 60 + Number(match[2])) * 1000;
  };
  const sum = (line: string): number =>
    line
      .trim()
      .split(/\s+/)
      .reduce((total, clock) => total + toMs(clock), 0);
  return { shellMs: sum(last2[0] ?? ''), childrenMs: sum(last2[1] ?? '') };
}

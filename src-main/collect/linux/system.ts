// CPU use from /proc/stat deltas and memory use from /proc/meminfo.

export interface CpuTimes {
  idle: number;
  total: number;
}

/** The text of the line starting with `prefix` (at the start of `text` or after a newline); one linear scan. */
function lineStartingWith(text: string, prefix: string): string | undefined {
  const newline = text.startsWith(prefix) ? -1 : text.indexOf(`\n${prefix}`);
  if (newline < 0 && !text.startsWith(prefix)) return undefined;
  const at = newline + 1;
  const end = text.indexOf('\n', at);
  return text.slice(at, end < 0 ? text.length : end);
}

/**
 * The aggregate `cpu` line: user nice system idle iowait irq softirq steal (guest is inside user).
 * Scanned by hand: the former regex (`^cpu\s+([\d ]+)$`) backtracked quadratically on a long run of spaces.
 */
export function parseCpuTimes(procStat: string): CpuTimes | undefined {
  const line = lineStartingWith(procStat, 'cpu ');
  if (line === undefined) return undefined;
  const fields = line
    .slice(4)
    .split(' ')
    .filter((field) => field !== '');
  if (fields.length < 4 || fields.some((field) => !isDigits(field))) return undefined;
  const v = fields.map(Number);
  const at = (i: number): number => v[i] ?? 0;
  const idle = at(3) + at(4);
  const total = at(0) + at(1) + at(2) + at(3) + at(4) + at(5) + at(6) + at(7);
  return { idle, total };
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return text.length > 0;
}

/** Busy share of all CPU time between two readings, 0–100; 0 without a previous reading. */
export function cpuPercent(previous: CpuTimes | undefined, current: CpuTimes): number {
  if (!previous) return 0;
  const total = current.total - previous.total;
  const idle = current.idle - previous.idle;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, ((total - idle) * 100) / total));
}

export interface MemoryUse {
  totalBytes: number;
  usedBytes: number;
}

/** Used = MemTotal − MemAvailable (what `free` calls used + what cannot be reclaimed). */
export function parseMeminfo(text: string): MemoryUse | undefined {
  const kib = (name: string): number | undefined => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const total = kib('MemTotal');
  if (total === undefined) return undefined;
  const available = kib('MemAvailable') ?? (kib('MemFree') ?? 0) + (kib('Buffers') ?? 0) + (kib('Cached') ?? 0);
  return { totalBytes: total, usedBytes: Math.max(0, total - available) };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuPercent, parseCpuTimes, parseMeminfo } from './system';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('system metrics', () => {
  it('computes CPU use from two /proc/stat readings', () => {
    const a = parseCpuTimes(fixture('proc-stat-1.txt'));
    const b = parseCpuTimes(fixture('proc-stat-2.txt'));
    expect(a).toEqual({ idle: 127864 + 377, total: 61462 + 234 + 19238 + 127864 + 377 + 0 + 442 + 86 });
    if (!a || !b) throw new Error('unparsed');
    // between the samples: 72 user + 27 system + 2 idle ticks
    expect(cpuPercent(a, b)).toBeCloseTo((99 * 100) / 101, 5);
    expect(cpuPercent(undefined, b)).toBe(0);
    expect(parseCpuTimes('cpu0 1 2 3\ngarbage')).toBeUndefined();
  });

  it('reads the cpu line wherever it is, and rejects a malformed one (worked values)', () => {
    expect(parseCpuTimes('cpu  10 0 5 80 5 0 0 0 0 0\ncpu0 1 2 3 4')).toEqual({ idle: 85, total: 100 });
    expect(parseCpuTimes('intr 1\ncpu 1 2 3 4')).toEqual({ idle: 4, total: 10 });
    expect(parseCpuTimes('cpu 1 2 x 4')).toBeUndefined();
    expect(parseCpuTimes('cpu 1 2 3')).toBeUndefined();
    expect(parseCpuTimes(`cpu ${' '.repeat(40_000)}1 2 3 4`)).toEqual({ idle: 4, total: 10 });
  });

  it('scans a hostile 4 MB line of spaces in one pass (the former regex needed ~1.9 s for 40,000 spaces, quadratic)', () => {
    const hostile = `cpu ${' '.repeat(4_000_000)}x`;
    const started = performance.now();
    expect(parseCpuTimes(hostile)).toBeUndefined();
    // Quadratic backtracking would need about 10,000 × 1.9 s here; one pass takes milliseconds.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('reads memory as total minus available', () => {
    const text = fixture('proc-meminfo.txt');
    const total = Number(/^MemTotal:\s+(\d+)/m.exec(text)?.[1]) * 1024;
    const available = Number(/^MemAvailable:\s+(\d+)/m.exec(text)?.[1]) * 1024;
    expect(parseMeminfo(text)).toEqual({ totalBytes: total, usedBytes: total - available });
    expect(parseMeminfo('garbage')).toBeUndefined();
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBashTimes, parseChildrenCpuMs, readCpuTime, cpuSince } from './cpu-time';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseChildrenCpuMs', () => {
  it('reads cutime + cstime from a real /proc/<pid>/stat of a bash that ran a 1.3 s child', () => {
    expect(parseChildrenCpuMs(fixture('proc-bash-stat-after-child.txt'))).toBe(1310);
  });
  it('counts fields after the last ")" so a command name with spaces and parentheses is safe', () => {
    const line = fixture('proc-bash-stat-after-child.txt').replace('(bash)', '(my (odd) name)');
    expect(parseChildrenCpuMs(line)).toBe(1310);
  });
  it('rejects a truncated line', () => {
    expect(() => parseChildrenCpuMs('123 (x) S 1 2')).toThrow(/unexpected/);
  });
});

describe('parseBashTimes', () => {
  it('reads the children line of a real `times` after a CPU-bound node child', () => {
    const times = parseBashTimes(fixture('bash-times.txt'));
    expect(times.shellMs).toBeCloseTo(2, 5);
    expect(times.childrenMs).toBeCloseTo(1922, 5);
  });
  it("ignores the command's own output before the two times lines", () => {
    const times = parseBashTimes(`Report written.\n0m0.000s 0m0.001s\n1m2.500s 0m0.500s\n`);
    expect(times.childrenMs).toBe(63_000);
  });
  it('fails loudly when there is no times output', () => {
    expect(() => parseBashTimes('nothing here')).toThrow(/no bash "times"/);
  });
});

describe('readCpuTime', () => {
  it("counts a reaped child's CPU under childrenMs, not selfMs", () => {
    const start = readCpuTime();
    execFileSync(process.execPath, ['-e', 'const s = process.cpuUsage(); while (process.cpuUsage(s).user + process.cpuUsage(s).system < 300000);']);
    const used = cpuSince(start);
    expect(used.childrenMs).toBeGreaterThanOrEqual(200);
    expect(used.selfMs).toBeLessThan(200);
  });
});

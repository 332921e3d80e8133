import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionCosts, isInteresting, type CpuProfile } from './cpu-profile';

describe('functionCosts', () => {
  it("finds the hot function of a real node --cpu-prof run, with its caller's inclusive time", () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-cpuprof-'));
    try {
      const script = join(dir, 'hot.js');
      writeFileSync(
        script,
        `
        function burnHere() { const s = process.cpuUsage(); let x = 0; while (process.cpuUsage(s).user < 300000) x += Math.sqrt(x + 1); return x; }
        function outer() { return burnHere(); }
        outer();
      `,
      );
      execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, script]);
      const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
      const costs = functionCosts(JSON.parse(readFileSync(join(dir, file ?? ''), 'utf8')) as CpuProfile);
      const burn = costs.find((c) => c.name.startsWith('burnHere '));
      const outer = costs.find((c) => c.name.startsWith('outer '));
      expect(burn?.name).toMatch(/hot\.js:2\)$/);
      expect(burn?.totalMs).toBeGreaterThan(150);
      // A sampled profile charges a few stray samples to the caller; on a loaded host they scale with wall time.
      expect(outer?.selfMs ?? Infinity).toBeLessThan((burn?.totalMs ?? 0) * 0.1);
      expect(outer?.totalMs).toBeGreaterThanOrEqual(burn?.totalMs ?? Infinity);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("counts a recursive function's time once in its total", () => {
    const frame = (functionName: string) => ({ functionName, url: 'file:///x.js', lineNumber: 0 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2] },
        { id: 2, callFrame: frame('walk'), children: [3] },
        { id: 3, callFrame: frame('walk'), children: [] },
      ],
      samples: [2, 3, 3],
      timeDeltas: [1000, 1000, 1000],
      startTime: 0,
      endTime: 3000,
    };
    const walk = functionCosts(profile).find((c) => c.name.startsWith('walk'));
    expect(walk).toEqual({ name: 'walk (/x.js:1)', selfMs: 3, totalMs: 3 });
  });

  it("leaves the VM's bookkeeping nodes out of the interesting list", () => {
    expect(isInteresting({ name: '(garbage collector)', selfMs: 1, totalMs: 1 })).toBe(false);
    expect(isInteresting({ name: 'parseProcNet (out/cli/x.js:3)', selfMs: 1, totalMs: 1 })).toBe(true);
  });
});

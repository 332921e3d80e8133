import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { measureInterleaved, measureOnce } from './measure';

const execFileAsync = promisify(execFile);
// Burns this much CPU time (not wall time), so a loaded machine cannot make the test flaky.
const burnCpu = (ms: number): Promise<void> => {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if (used.user + used.system >= ms * 1000) break;
  }
  return Promise.resolve();
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('measureInterleaved', () => {
  it('runs subjects round-robin after the warm-up and counts only measured rounds', async () => {
    const order: string[] = [];
    const results = await measureInterleaved(
      [
        {
          name: 'a',
          run: async () => {
            order.push('a');
          },
        },
        {
          name: 'b',
          run: async () => {
            order.push('b');
          },
        },
      ],
      3,
      1,
    );
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(results.map((r) => [r.name, r.runs, r.wallMs.n])).toEqual([
      ['a', 3, 3],
      ['b', 3, 3],
    ]);
  });

  it("tells CPU work from waiting, and charges a child program's CPU to the call that ran it", async () => {
    const [busy, idle, child] = await measureInterleaved(
      [
        { name: 'busy', run: () => burnCpu(30) },
        { name: 'idle', run: () => sleep(30) },
        {
          name: 'child',
          run: () =>
            execFileAsync(process.execPath, ['-e', 'const s = process.cpuUsage(); while (process.cpuUsage(s).user + process.cpuUsage(s).system < 60000);']),
        },
      ],
      4,
      0,
    );
    expect(busy?.wallMs.median).toBeGreaterThanOrEqual(25);
    expect(busy?.selfCpuMsPerCall).toBeGreaterThan(25);
    expect(idle?.wallMs.median).toBeGreaterThanOrEqual(25);
    expect(idle?.cpuMsPerCall).toBeLessThan(10);
    expect(child?.childrenCpuMsPerCall).toBeGreaterThanOrEqual(50);
  });
});

describe('measureOnce', () => {
  it('returns the value with its wall and CPU time', async () => {
    const result = await measureOnce(async () => {
      await burnCpu(20);
      return 42;
    });
    expect(result.value).toBe(42);
    expect(result.wallMs).toBeGreaterThanOrEqual(20);
    expect(result.cpuMs).toBeGreaterThanOrEqual(20);
  });
});

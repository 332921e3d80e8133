import { describe, expect, it } from 'vitest';
import { readThreadCpu, threadCpuSince } from './thread-cpu';

describe('threadCpuSince', () => {
  it('charges CPU burnt on the main thread to the main thread', () => {
    const before = readThreadCpu();
    const start = process.cpuUsage();
    for (;;) {
      const used = process.cpuUsage(start);
      if (used.user + used.system >= 200_000) break;
    }
    const threads = threadCpuSince(before);
    const main = threads.find((t) => t.name === 'main');
    expect(main?.ms ?? 0).toBeGreaterThanOrEqual(150);
  });

  it('groups threads by name', () => {
    const before = new Map([
      ['libuv-worker (1)', 10],
      ['libuv-worker (2)', 5],
    ]);
    const after = new Map([
      ['libuv-worker (1)', 30],
      ['libuv-worker (2)', 15],
      ['node (3)', 7],
    ]);
    expect(threadCpuSince(before, after)).toEqual([
      { name: 'libuv-worker', ms: 30 },
      { name: 'node', ms: 7 },
    ]);
  });
});

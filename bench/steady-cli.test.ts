import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reapedChildrenCpuMs, threadsRunMs } from './steady-cli';

const onLinux = process.platform === 'linux';

describe.skipIf(!onLinux)('whole-process CPU of a running process (real /proc)', () => {
  it('threads’ run time grows with work done on this thread', () => {
    const before = threadsRunMs(process.pid);
    const until = performance.now() + 60;
    while (performance.now() < until) Math.sqrt(Math.random());
    expect(threadsRunMs(process.pid) - before).toBeGreaterThanOrEqual(40);
  });

  it('reaped children count once they are waited for', () => {
    const stat = (): number => reapedChildrenCpuMs(readFileSync('/proc/self/stat', 'utf8'));
    const before = stat();
    execFileSync(process.execPath, ['-e', 'const t = Date.now() + 300; while (Date.now() < t);']);
    expect(stat() - before).toBeGreaterThanOrEqual(200);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reapedChildrenCpuMs, threadsRunMs } from './steady-cli';

const onLinux = process.platform === 'linux';
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

describe.skipIf(!onLinux)('whole-process CPU of a running process (real /proc)', () => {
  it('threads’ run time grows with work done on this thread', () => {
    const before = threadsRunMs(process.pid);
    // Spin for 60 ms of this process's CPU (getrusage), not of wall time: a busy CI box gives less.
    const start = process.cpuUsage();
    const giveUp = performance.now() + 5_000;
    while (cpuMs(process.cpuUsage(start)) < 60 && performance.now() < giveUp) Math.sqrt(Math.random());
    expect(threadsRunMs(process.pid) - before).toBeGreaterThanOrEqual(40);
  });

  it('reaped children count once they are waited for', () => {
    const stat = (): number => reapedChildrenCpuMs(readFileSync('/proc/self/stat', 'utf8'));
    const before = stat();
    execFileSync(process.execPath, ['-e', 'const s = process.cpuUsage(); while (process.cpuUsage(s).user < 300_000);']);
    expect(stat() - before).toBeGreaterThanOrEqual(200);
  });
});

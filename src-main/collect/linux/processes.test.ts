import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_TEXT_LIMITS } from '../../../src-shared/host-text';
import { REDACTED } from '../../../src-shared/redact';
import { nodeProcFs, readTextFile } from '../io';
import { parseBootTime, parseCmdline, parsePasswd, parseProcStat, parseStatusUids, processName, ProcessTable, startTimeMs } from './processes';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('process parsers', () => {
  it('reads pid, comm, ppid and start ticks from /proc/<pid>/stat', () => {
    expect(parseProcStat(fixture('proc-pid-stat.txt'))).toEqual({
      pid: 7108,
      comm: 'node',
      state: 'R',
      ppid: 7104,
      startTicks: 32108,
      kernelThread: false,
      childFaults: 0,
    });
    expect(parseProcStat(fixture('proc-kthreadd-stat.txt'))?.kernelThread).toBe(true);
    // Captured from `ruby -e 'loop { IO.popen("uname -a"){|io| io.read}; sleep 0.5 }'` after 3 runs.
    expect(parseProcStat(fixture('proc-ruby-popen-stat.txt'))?.childFaults).toBeGreaterThan(200);
    expect(parseProcStat('garbage')).toBeUndefined();
    expect(parseProcStat('12 (trunc')).toBeUndefined();
  });

  it('reads uids, passwd, btime and cmdline', () => {
    expect(parseStatusUids(fixture('proc-pid-status.txt'))).toEqual({ real: 0, effective: 0, saved: 0, fs: 0 });
    const users = parsePasswd(fixture('etc-passwd.txt'));
    expect(users.get(0)).toBe('root');
    expect(users.get(65534)).toBe('nobody');
    expect(parseBootTime(fixture('proc-stat-1.txt'))).toBeGreaterThan(1_600_000_000);
    expect(parseCmdline(fixture('proc-pid-cmdline.bin'))).toBe('node capture.mjs /work/main/src-main/collect/fixtures');
    expect(startTimeMs(1000, 250)).toBe(1_002_500);
  });

  it('prefers argv[0] when comm was cut at 15 characters', () => {
    expect(processName('a-very-long-nam', '/usr/bin/a-very-long-name --x')).toBe('a-very-long-name');
    expect(processName('node', '/usr/bin/node x')).toBe('node');
    expect(processName('a-very-long-nam', 'other')).toBe('a-very-long-nam');
  });
});

describe('ProcessTable (live /proc)', () => {
  it('lists this process and a child whose comm holds spaces and parentheses', async () => {
    const child = spawn(process.execPath, ['-e', "process.title = 'odd) (name'; setInterval(() => {}, 1000)"], { stdio: 'ignore' });
    try {
      // Node sets the title once it has started, which takes longer on a loaded machine.
      for (let waited = 0; waited < 10_000; waited += 50) {
        if (readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim() === 'odd) (name') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const table = new ProcessTable(readTextFile, nodeProcFs);
      const { data } = await table.update();
      const me = data.byPid.get(process.pid);
      expect(me).toMatchObject({ ppid: process.ppid, uid: process.getuid?.() });
      expect(me?.exe).toBe(realpathSync(process.execPath));
      expect(me?.cmdline).toContain(process.argv[1] ?? 'node');
      const uptimeStart = Date.now() - process.uptime() * 1000;
      expect(Math.abs((me?.startTime ?? 0) - uptimeStart)).toBeLessThan(2000);
      const kid = data.byPid.get(child.pid ?? -1);
      expect(kid?.name).toBe('odd) (name');
      expect(kid?.ppid).toBe(process.pid);
    } finally {
      child.kill();
    }
  });

  it('counts the page faults of children a process ran and reaped, however briefly they lived', async () => {
    const child = spawn('sh', ['-c', 'while :; do /bin/true; sleep 0.05; done'], { stdio: 'ignore' });
    try {
      const table = new ProcessTable(readTextFile, nodeProcFs);
      await new Promise((r) => setTimeout(r, 100));
      const before = (await table.update()).data.byPid.get(child.pid ?? -1)?.childFaults ?? 0;
      await new Promise((r) => setTimeout(r, 400));
      const after = (await table.update()).data.byPid.get(child.pid ?? -1)?.childFaults ?? 0;
      expect(after).toBeGreaterThan(before);
    } finally {
      child.kill();
    }
  });

  it('re-reads cached facts when a pid execs (comm changes) and drops exited pids', async () => {
    const child = spawn('sh', ['-c', 'sleep 0.4; exec sleep 5'], { stdio: 'ignore' });
    try {
      const table = new ProcessTable(readTextFile, nodeProcFs);
      await new Promise((r) => setTimeout(r, 150));
      const before = (await table.update()).data.byPid.get(child.pid ?? -1);
      expect(before?.name).toBe('sh');
      await new Promise((r) => setTimeout(r, 600));
      const after = (await table.update()).data.byPid.get(child.pid ?? -1);
      expect(after?.name).toBe('sleep');
      expect(after?.cmdline).toBe('sleep 5');
      child.kill();
      await new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, 50));
      expect((await table.update()).data.byPid.has(child.pid ?? -1)).toBe(false);
    } finally {
      child.kill();
    }
  });

  it('caps a 1 MB command line with a cut mark and masks its secrets, unless redaction is off', async () => {
    // One argument may hold at most 128 KiB (MAX_ARG_STRLEN): ten of 100,000 bytes.
    const filler = Array.from({ length: 10 }, () => 'A'.repeat(100_000));
    const child = spawn('sh', ['-c', 'sleep 30; :', 'sh', '--password=hunter2', ...filler], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const redacted = (await new ProcessTable(readTextFile, nodeProcFs).update()).data.byPid.get(child.pid ?? -1);
      expect(redacted?.cmdline?.startsWith(`sh -c sleep 30; : sh --password=${REDACTED} AAAA`)).toBe(true);
      const kept = HOST_TEXT_LIMITS.cmdline;
      expect(redacted?.cmdline).toMatch(new RegExp(`…\\[cut ${'sh -c sleep 30; : sh --password=[redacted] '.length + 1_000_009 - kept} bytes\\]$`));
      expect(redacted?.cmdline?.length).toBeLessThan(kept + 30);
      const raw = (await new ProcessTable(readTextFile, nodeProcFs, { redactSecrets: false }).update()).data.byPid.get(child.pid ?? -1);
      expect(raw?.cmdline?.startsWith('sh -c sleep 30; : sh --password=hunter2 AAAA')).toBe(true);
    } finally {
      child.kill();
    }
  });

  it('notices within exeRefreshTicks that a running program’s file was deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-exe-'));
    const exe = join(dir, 'dropped');
    copyFileSync('/bin/sleep', exe);
    chmodSync(exe, 0o755);
    const child = spawn(exe, ['5'], { stdio: 'ignore' });
    try {
      const table = new ProcessTable(readTextFile, nodeProcFs, { exeRefreshTicks: 3 });
      await new Promise((r) => setTimeout(r, 150));
      expect((await table.update()).data.byPid.get(child.pid ?? -1)?.exe).toBe(exe);
      rmSync(exe);
      const seen: (string | undefined)[] = [];
      for (let i = 0; i < 3; i++) seen.push((await table.update()).data.byPid.get(child.pid ?? -1)?.exe);
      expect(seen).toContain(`${exe} (deleted)`);
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-reads a kernel thread’s stat only every kernelThreadRefreshTicks, a user process’s every tick', async () => {
    const reads = new Map<string, number>();
    const reader = async (path: string): Promise<string> => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return readTextFile(path);
    };
    const table = new ProcessTable(reader, nodeProcFs, { kernelThreadRefreshTicks: 4 });
    let data = (await table.update()).data;
    const kthread = [...data.kernelThreads][0];
    if (kthread === undefined) {
      console.warn('skipped: no kernel thread visible in /proc (a PID namespace without them)');
      return;
    }
    for (let i = 0; i < 7; i++) data = (await table.update()).data;
    expect(data.kernelThreads.has(kthread)).toBe(true);
    expect(data.byPid.get(kthread)?.name).toBeTruthy();
    // 8 updates: the first read, then every 4th tick (spread by pid): 2 or 3 reads, never 8.
    expect(reads.get(`/proc/${kthread}/stat`)).toBeLessThanOrEqual(3);
    expect(reads.get(`/proc/${process.pid}/stat`)).toBe(8);
  });
});

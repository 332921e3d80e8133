import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeProcFs, readTextFile, runCommand } from '../io';
import { LinuxCollector } from './collector';
import { lastPid, LowLevelWatch, YOUNG_PROCESS_MS } from './low-level-watch';

const isRoot = process.getuid?.() === 0;
const hasPython = spawnSync('python3', ['-c', '0']).status === 0;
const why = !isRoot ? 'opening a raw socket needs root (CAP_NET_RAW)' : !hasPython ? 'needs python3: apt-get install -y python3' : '';
if (why && process.platform === 'linux') console.log(`skipped: low-level watch tests: ${why}`);

/** A process that holds a raw TCP socket (what nmap -sS sends with) for `holdMs`, then exits. */
function briefRawSocketHolder(holdMs: number): Promise<{ pid: number; exited: Promise<void> }> {
  const child = spawn('python3', [
    '-c',
    `import socket,sys,time\ns=socket.socket(socket.AF_INET,socket.SOCK_RAW,socket.IPPROTO_TCP)\nprint('ready',flush=True)\ntime.sleep(${holdMs / 1000})`,
  ]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ pid: child.pid ?? -1, exited }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`raw socket holder exited early (${code})`)));
  });
}

const collectorWith = (lowLevelWatchMs: number): LinuxCollector =>
  new LinuxCollector({ fileReader: readTextFile, commandRunner: runCommand, procFs: nodeProcFs, tcpInfo: false, maxQuietMs: 0, lowLevelWatchMs });

describe('lastPid', () => {
  it('reads the newest pid from /proc/loadavg', () => {
    expect(lastPid('0.11 0.54 0.69 1/245 31337\n')).toBe(31337);
    expect(lastPid('0.11 0.54 0.69 1/245')).toBeUndefined();
    expect(lastPid('')).toBeUndefined();
  });
});

describe.skipIf(process.platform !== 'linux' || why !== '')('low-level watch (real raw socket between ticks)', () => {
  it('a raw socket opened and closed between two ticks reaches the second tick with its holder', async () => {
    const collector = collectorWith(100);
    await collector.collect();
    const holder = await briefRawSocketHolder(600);
    await holder.exited;
    const snapshot = await collector.collect();
    const seen = snapshot.lowLevelSockets?.filter((s) => s.process?.pid === holder.pid) ?? [];
    expect(seen.map((s) => ({ kind: s.kind, protocol: s.protocol, name: s.process?.name, closedBeforeTick: s.closedBeforeTick }))).toEqual([
      { kind: 'raw', protocol: 6, name: 'python3', closedBeforeTick: true },
    ]);
    // Reported once: the next tick no longer carries it.
    const next = await collector.collect();
    expect(next.lowLevelSockets?.some((s) => s.process?.pid === holder.pid)).toBe(false);
  });

  it('without the watch, the tick after never hears of it', async () => {
    const collector = collectorWith(0);
    await collector.collect();
    const holder = await briefRawSocketHolder(600);
    await holder.exited;
    const snapshot = await collector.collect();
    expect(snapshot.lowLevelSockets?.some((s) => s.process?.pid === holder.pid)).toBe(false);
  });
});

describe('low-level watch scheduling (fake clock, scripted /proc)', () => {
  /** A /proc whose newest pid and the collector's program count the test moves; records every read. */
  function scriptedHost() {
    const host = { pid: 1000, own: 0, reads: [] as string[] };
    const watch = new LowLevelWatch(
      {
        read: async (path) => {
          host.reads.push(path);
          return path === '/proc/loadavg' ? `0.00 0.00 0.00 1/100 ${host.pid}\n` : '';
        },
        fs: nodeProcFs,
        describe: async () => undefined,
        isOld: () => true,
        ownPrograms: () => host.own,
      },
      500,
    );
    const tableReads = (): number => host.reads.filter((path) => path !== '/proc/loadavg').length;
    const looks = (): number => host.reads.filter((path) => path === '/proc/loadavg').length;
    return { host, watch, tableReads, looks };
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it('pids taken by the collector’s own programs do not arm it; one more pid does', async () => {
    vi.useFakeTimers();
    const { host, watch, tableReads } = scriptedHost();
    watch.tick();
    await vi.advanceTimersByTimeAsync(YOUNG_PROCESS_MS + 1000); // armed by the first look, then quiet
    watch.tick();
    const before = tableReads();
    host.own += 2; // ss and ip
    host.pid += 2;
    await watch.poll();
    expect(tableReads()).toBe(before);
    host.own += 1;
    host.pid += 2; // one of them is not ours
    await watch.poll();
    expect(tableReads()).toBeGreaterThan(before);
    watch.stop();
  });

  it('on an idle host it looks once between two 2-s ticks; after a new process, every 500 ms', async () => {
    vi.useFakeTimers();
    const { host, watch, looks } = scriptedHost();
    watch.tick();
    for (let t = 0; t < 4; t++) {
      await vi.advanceTimersByTimeAsync(2000);
      watch.tick();
    }
    const idleStart = looks();
    for (let t = 0; t < 5; t++) {
      await vi.advanceTimersByTimeAsync(2000);
      watch.tick();
    }
    // Each tick looks once itself, plus one look in between.
    expect(looks() - idleStart).toBe(10);
    host.pid += 1;
    const busyStart = looks();
    await vi.advanceTimersByTimeAsync(2000);
    watch.tick();
    expect(looks() - busyStart).toBeGreaterThanOrEqual(4);
    watch.stop();
  });

  it('right after a new process it looks every 250 ms for 1.5 s, then every 500 ms', async () => {
    vi.useFakeTimers();
    const { host, watch, looks } = scriptedHost();
    watch.tick();
    await vi.advanceTimersByTimeAsync(YOUNG_PROCESS_MS + 1000);
    watch.tick();
    host.pid += 1;
    const hotStart = looks();
    watch.tick(); // notices the new pid
    await vi.advanceTimersByTimeAsync(1500);
    expect(looks() - hotStart).toBeGreaterThanOrEqual(6);
    const warmStart = looks();
    await vi.advanceTimersByTimeAsync(1500);
    expect(looks() - warmStart).toBeLessThanOrEqual(4);
    watch.stop();
  });

  it('on an idle host with 1-s ticks it still looks once half-way between two ticks', async () => {
    vi.useFakeTimers();
    const { watch, looks } = scriptedHost();
    watch.tick();
    for (let t = 0; t < 12; t++) {
      await vi.advanceTimersByTimeAsync(1000);
      watch.tick();
    }
    const idleStart = looks();
    for (let t = 0; t < 5; t++) {
      await vi.advanceTimersByTimeAsync(500);
      expect(looks() - idleStart).toBe(2 * t + 1); // the half-way look
      await vi.advanceTimersByTimeAsync(500);
      watch.tick();
    }
    expect(looks() - idleStart).toBe(10);
    watch.stop();
  });
});

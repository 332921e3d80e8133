// Real processes, real /proc: the collector's I/O graph and the path finder on a mkfifo + nc
// shell and a socat pty shell, both talking to a listener on loopback (so the path finder is
// asked to accept loopback; the non-loopback verdict is the rule's and the lab's).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../../src-shared/model';
import { findNetworkPaths, indexChannels, networkedPids } from '../../detect/io-paths';
import { nodeProcFs, readTextFile, runCommand } from '../io';
import { LinuxCollector } from './collector';
import { FdMapCache } from './fd-map';

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = ['nc', 'socat', 'mkfifo'].filter((c) => !has(c));
if (missing.length > 0) console.log(`io-graph integration: skipped, missing ${missing.join(', ')} (apt-get install -y netcat-openbsd socat coreutils)`);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function listener(): Promise<number> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s.on('error', () => {})));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return (server.address() as net.AddressInfo).port;
}

function start(script: string): ChildProcess {
  const child = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
  cleanups.push(() => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return child;
}

function descendants(root: number, snapshot: HostSnapshot): Set<number> {
  const pids = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of snapshot.processes) if (pids.has(p.ppid) && !pids.has(p.pid)) grew = pids.add(p.pid).size > 0;
  }
  return pids;
}

/** Collects until the processes under `root` show a path from `shellName`'s stdio to the listener. */
async function pathFrom(root: number, shellName: string, port: number) {
  const collector = new LinuxCollector({ fileReader: readTextFile, commandRunner: runCommand, procFs: nodeProcFs, tcpInfo: false, socketTableMaxAgeMs: 0 });
  for (let attempt = 0; attempt < 40; attempt++) {
    const snapshot = await collector.collect();
    const mine = descendants(root, snapshot);
    const shell = snapshot.processes.find((p) => mine.has(p.pid) && p.name === shellName);
    const networked = networkedPids(snapshot.connections, (c) => c.remotePort === port);
    const paths = shell ? findNetworkPaths(shell.pid, { index: indexChannels(snapshot.ioChannels ?? []), networked }) : [];
    if (shell && paths.length > 0) return { snapshot, shell, paths };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no path from ${shellName} under ${root}`);
}

describe.skipIf(process.platform !== 'linux' || missing.length > 0)('I/O graph on real processes', () => {
  it('mkfifo + nc: sh’s stdin and stdout reach nc’s connection through pipe and FIFO', async () => {
    const port = await listener();
    const dir = mkdtempSync(join(tmpdir(), 'ns-io-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const fifo = join(dir, 'f');
    const child = start(`mkfifo ${fifo}; sh -i < ${fifo} 2>&1 | nc 127.0.0.1 ${port} > ${fifo}`);
    const { snapshot, shell, paths } = await pathFrom(child.pid as number, 'sh', port);
    const nc = snapshot.processes.find((p) => p.name === 'nc' && p.ppid === shell.ppid);
    expect(nc).toBeDefined();
    expect(new Set(paths.map((p) => p.fd))).toEqual(new Set([0, 1, 2]));
    for (const path of paths) {
      expect(path.steps.map((s) => s.pid)).toEqual([nc?.pid]);
      expect(path.connection.remotePort).toBe(port);
    }
    expect(paths.find((p) => p.fd === 0)?.steps[0]?.channel.kind).toBe('fifo');
    expect(paths.find((p) => p.fd === 1)?.steps[0]?.channel.kind).toBe('pipe');
  });

  it('socat pty: bash on /dev/pts/N reaches socat, which holds the pty master and the connection', async () => {
    const port = await listener();
    const child = start(`exec socat TCP:127.0.0.1:${port} EXEC:'bash -li',pty,stderr,setsid`);
    const { snapshot, shell, paths } = await pathFrom(child.pid as number, 'bash', port);
    expect(snapshot.processes.find((p) => p.pid === shell.ppid)?.name).toBe('socat');
    expect(paths.map((p) => [p.fd, p.steps.map((s) => [s.pid, s.master, s.channel.kind])])).toEqual([0, 1, 2].map((fd) => [fd, [[child.pid, true, 'pty']]]));
    // Steady state: while their fds do not change, these processes cost one stat() each per tick.
    const cache = new FdMapCache(nodeProcFs, { ioLinks: true });
    const mine = [child.pid as number, shell.pid].map((pid) => ({ pid, startTime: 1, name: snapshot.processes.find((p) => p.pid === pid)?.name }));
    // `bash -li` may still be opening its profile files: update until one walk finds the fds as they were.
    let before = -1;
    for (let i = 0; i < 40 && cache.stats.readlinkCalls !== before; i++) {
      before = cache.stats.readlinkCalls;
      await new Promise((resolve) => setTimeout(resolve, 50));
      await cache.update(mine);
    }
    const [tables, readlinks] = [cache.fdTables(), cache.stats.readlinkCalls];
    expect(tables.find((t) => t.pid === child.pid)?.io.size).toBeGreaterThan(0);
    await cache.update(mine);
    expect(cache.stats.readlinkCalls).toBe(readlinks);
    expect(cache.fdTables()).toBe(tables);
  });

  it('a shell whose script writer already exited (… | sh after the download ended) is marked stdinWriterGone; the writer still running is not', async () => {
    const collector = new LinuxCollector({ fileReader: readTextFile, commandRunner: runCommand, procFs: nodeProcFs, tcpInfo: false });
    const done = start(`printf 'sleep 4\\n' | sh`);
    const feeding = start(`(printf 'sleep 4\\n'; sleep 4) | sh`);
    let marks: { done?: boolean; feeding?: boolean } = {};
    for (let attempt = 0; attempt < 30; attempt++) {
      const snapshot = await collector.collect();
      const shellUnder = (root: number) => snapshot.processes.find((p) => descendants(root, snapshot).has(p.pid) && p.name === 'sh');
      const [a, b] = [shellUnder(done.pid as number), shellUnder(feeding.pid as number)];
      marks = { done: a?.stdinWriterGone, feeding: b?.stdinWriterGone };
      if (a && b && marks.done) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(marks).toEqual({ done: true, feeding: undefined });
  });
});

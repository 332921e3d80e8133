import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeProcFs, type ProcFs } from '../io';
import { parseSocketInode } from './fd-links';
import { FdMapCache, type ResolveContext } from './fd-map';
import { parseProcNet } from './proc-net';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function loopbackPair(): Promise<{ server: net.Server; client: net.Socket; port: number }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect(port, '127.0.0.1');
  await new Promise((r) => client.once('connect', r));
  const peer = await accepted;
  cleanups.push(() => {
    client.destroy();
    peer.destroy();
    server.close();
  });
  return { server, client, port };
}

/** The inode of this host's socket with that local port and peer port (0 for a listener). */
function inodeOf(localPort: number, remotePort = 0): number {
  const socket = parseProcNet(readFileSync('/proc/net/tcp', 'utf8'), 'tcp').sockets.find(
    (s) => s.localPort === localPort && s.remotePort === remotePort && s.state === (remotePort ? 'ESTABLISHED' : 'LISTEN'),
  );
  if (!socket) throw new Error(`no socket on port ${localPort}`);
  return socket.inode;
}

const self = { pid: process.pid, startTime: 1 };

describe('parseSocketInode', () => {
  it('reads socket links and rejects others', () => {
    expect(parseSocketInode('socket:[12345]')).toBe(12345);
    expect(parseSocketInode('pipe:[12345]')).toBe(-1);
    expect(parseSocketInode('/dev/null')).toBe(-1);
    expect(parseSocketInode('socket:[x]')).toBe(-1);
    expect(parseSocketInode('socket:[]')).toBe(-1);
    expect(parseSocketInode('socket:[12a4]')).toBe(-1);
    expect(parseSocketInode('socket:[0]')).toBe(-1);
    expect(parseSocketInode('socket:[7]')).toBe(7);
    expect(parseSocketInode('socket:[4294967295]')).toBe(4294967295);
  });
});

describe('FdMapCache (live /proc)', () => {
  it('maps this process’s sockets and re-reads nothing when its fds did not change', async () => {
    const { client, port } = await loopbackPair();
    const cache = new FdMapCache(nodeProcFs);
    const first = await cache.update([self]);
    expect(first.ownerByInode.get(inodeOf(port))).toBe(process.pid);
    expect(first.ownerByInode.get(inodeOf(client.localPort ?? 0, port))).toBe(process.pid);
    const readlinks = cache.stats.readlinkCalls;
    expect(readlinks).toBeGreaterThan(3);
    const second = await cache.update([self]);
    expect(cache.stats.readlinkCalls).toBe(readlinks);
    expect(second.ownerByInode.get(inodeOf(port))).toBe(process.pid);

    // A new connection changes the fd count: only the new fds are read.
    const extra = await loopbackPair();
    const third = await cache.update([self]);
    expect(third.ownerByInode.get(inodeOf(extra.client.localPort ?? 0, extra.port))).toBe(process.pid);
    expect(cache.stats.readlinkCalls - readlinks).toBeLessThan(10);
  });

  it('keeps the owner maps and fd tables when a walk finds only files opened or closed', async () => {
    const { port } = await loopbackPair();
    const cache = new FdMapCache(nodeProcFs, { ioLinks: true });
    const first = await cache.update([self]);
    const tables = cache.fdTables();
    const readdirs = cache.stats.readdirCalls;
    const file = openSync('/proc/self/status', 'r'); // changes the fd count, opens no socket, pipe or pty
    cleanups.push(() => closeSync(file));
    const second = await cache.update([self]);
    expect(cache.stats.readdirCalls).toBe(readdirs + 1); // the process was walked
    expect(second.ownerByInode).toBe(first.ownerByInode);
    expect(cache.fdTables()).toBe(tables);

    const extra = await loopbackPair(); // a socket: rebuilt
    const third = await cache.update([self]);
    expect(third.ownerByInode).not.toBe(first.ownerByInode);
    expect(third.ownerByInode.get(inodeOf(extra.client.localPort ?? 0, extra.port))).toBe(process.pid);
    expect(third.ownerByInode.get(inodeOf(port))).toBe(process.pid);
    expect(cache.fdTables()).not.toBe(tables);
  });

  const context = (related: number[], candidates: number[] = []): ResolveContext => ({
    related: () => related,
    candidatesByUid: () => candidates,
    isListed: (inode) => parseProcNet(readFileSync('/proc/net/tcp', 'utf8'), 'tcp').sockets.some((s) => s.inode === inode),
  });

  it('finds a socket that took over a closed socket’s fd number (same count) through resolve()', async () => {
    const { port } = await loopbackPair();
    const cache = new FdMapCache(nodeProcFs);
    const replaced = net.connect(port, '127.0.0.1');
    await new Promise((r) => replaced.once('connect', r));
    await cache.update([self]);
    replaced.destroy();
    await new Promise((r) => replaced.once('close', r));
    const fresh = net.connect(port, '127.0.0.1');
    cleanups.push(() => fresh.destroy());
    await new Promise((r) => fresh.once('connect', r));
    await new Promise((r) => setTimeout(r, 20));
    const freshInode = inodeOf(fresh.localPort ?? 0, port);
    const owners = await cache.update([self]);
    const unowned = new Map<number, number>();
    if (!owners.ownerByInode.has(freshInode)) unowned.set(freshInode, 0);
    const resolved = unowned.size > 0 ? await cache.resolve(unowned, context([process.pid])) : owners;
    expect(resolved?.ownerByInode.get(freshInode)).toBe(process.pid);
  });

  it('searches every same-uid process at once for a new ownerless inode, then backs off for one it cannot place', async () => {
    const cache = new FdMapCache(nodeProcFs);
    await cache.update([self]);
    await cache.update([self]); // tick 2 (a process walked in full this very tick is not walked again)
    const ghost = new Map([[999_999_999, 0]]);
    const walks = (): number => cache.stats.statCalls; // one stat() per walk
    let before = walks();
    expect(await cache.resolve(ghost, context([], [process.pid]))).toBeDefined();
    expect(walks()).toBe(before + 1);
    expect(cache.isKnownOrphan(999_999_999)).toBe(true);
    // a known orphan waits 2 ticks, then 4
    const afterTicks = async (ticks: number): Promise<number> => {
      for (let i = 0; i < ticks; i++) await cache.update([self]);
      before = walks();
      await cache.resolve(ghost, context([], [process.pid]));
      return walks() - before;
    };
    expect(await afterTicks(1)).toBe(0);
    expect(await afterTicks(1)).toBe(1);
    expect(await afterTicks(3)).toBe(0);
    expect(await afterTicks(1)).toBe(1);
    // a new inode is searched for right away, whatever the orphans wait for
    await cache.update([self]);
    before = walks();
    await cache.resolve(new Map([[999_999_998, 0], ...ghost]), context([], [process.pid]));
    expect(walks()).toBe(before + 1);
  });

  it('spreads a large search over ticks within its link budget', async () => {
    const children = await Promise.all(
      [0, 1, 2].map(async () => {
        const child = spawn('sleep', ['5'], { stdio: 'ignore' });
        cleanups.push(() => child.kill());
        await new Promise((r) => child.once('spawn', r));
        return { pid: child.pid ?? -1, startTime: 1 };
      }),
    );
    const cache = new FdMapCache(nodeProcFs, { searchReadlinkBudget: 1, concurrency: 1 });
    const all = [self, ...children];
    await cache.update(all);
    await cache.update(all);
    const ghost = new Map([[999_999_997, 0]]);
    const candidates = children.map((c) => c.pid);
    const searchWalks = async (): Promise<number> => {
      const before = cache.stats.statCalls; // one stat() per walk
      await cache.resolve(ghost, context([], candidates));
      return cache.stats.statCalls - before;
    };
    expect(await searchWalks()).toBe(1);
    expect(cache.isKnownOrphan(999_999_997)).toBe(false); // the search is not over
    await cache.update(all);
    expect(await searchWalks()).toBe(1);
    await cache.update(all);
    expect(await searchWalks()).toBe(1);
    expect(cache.isKnownOrphan(999_999_997)).toBe(true);
  });

  it('records sockets on a child’s stdin/stdout and survives the child exiting', async () => {
    const { client, port } = await loopbackPair();
    const child = spawn('sleep', ['5'], { stdio: [client, client, 'ignore'] });
    cleanups.push(() => child.kill());
    await new Promise((r) => setTimeout(r, 100));
    const cache = new FdMapCache(nodeProcFs);
    const childProc = { pid: child.pid ?? -1, startTime: 1 };
    const owners = await cache.update([self, childProc]);
    const inode = inodeOf(client.localPort ?? 0, port);
    expect(owners.stdioByPid.get(child.pid ?? -1)).toEqual([inode, inode, undefined]);
    expect(port).toBeGreaterThan(0);
    child.kill();
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 50));
    const after = await cache.update([self, childProc]);
    expect(after.vanishedPids).toBe(1);
    expect(after.stdioByPid.has(child.pid ?? -1)).toBe(false);
    expect(after.ownerByInode.get(inode)).toBe(process.pid);
  });

  it('counts processes whose fds it may not read and retries them only later', async () => {
    // As root every fd is readable here, so permission errors are injected.
    let readdirs = 0;
    const denying: ProcFs = {
      ...nodeProcFs,
      readdir: async () => {
        readdirs++;
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    };
    const cache = new FdMapCache(denying, { refreshEveryTicks: 3 });
    expect((await cache.update([self])).deniedPids).toBe(1);
    expect((await cache.update([self])).deniedPids).toBe(1);
    expect(readdirs).toBe(1);
    await cache.update([self]);
    await cache.update([self]);
    expect(readdirs).toBe(2);
  });

  it('counts the sockets a process churns on one fd number (refused connects no table lists), and none for a quiet holder', async () => {
    const { server, port } = await loopbackPair();
    server.close(); // the port is now closed: every connect to it is refused at once
    // Step by step, driven from here: the first step opens a second socket (the fd count changes);
    // every later step closes the probe and opens the next one on the same fd number (same count).
    const churn = [
      'import socket, sys',
      'keep = socket.socket(); probe = None',
      'print("READY", flush=True)',
      'for line in sys.stdin:',
      '    if probe: probe.close()',
      '    probe = socket.socket(); probe.connect_ex(("127.0.0.1", int(sys.argv[1])))',
      '    print("OK", flush=True)',
    ].join('\n');
    const churner = spawn('python3', ['-c', churn, String(port)], { stdio: ['pipe', 'pipe', 'ignore'] });
    const quiet = spawn('python3', ['-c', 'import socket, time; a = socket.socket(); b = socket.socket(); print("READY", flush=True); time.sleep(20)'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    cleanups.push(() => {
      churner.kill();
      quiet.kill();
    });
    const lines = createInterface({ input: churner.stdout });
    const step = async (): Promise<void> => {
      const ok = new Promise((r) => lines.once('line', r));
      churner.stdin.write('next\n');
      await ok;
    };
    // Both hold their first sockets before the first walk: a socket opened during it would count as churn.
    await new Promise((r) => lines.once('line', r));
    await new Promise((r) => quiet.stdout.once('data', r));
    const procs = [
      { pid: churner.pid ?? -1, startTime: 1 },
      { pid: quiet.pid ?? -1, startTime: 1 },
    ];
    const run = async (cache: FdMapCache): Promise<{ churned: number[]; quiet: number }> => {
      const churned: number[] = [];
      let quietOpened = 0;
      await cache.update(procs);
      for (let tick = 0; tick < 6; tick++) {
        await step();
        await cache.update(procs);
        churned.push(cache.socketsOpened().get(churner.pid ?? -1)?.length ?? 0);
        quietOpened += cache.socketsOpened().get(quiet.pid ?? -1)?.length ?? 0;
      }
      return { churned, quiet: quietOpened };
    };
    // Each tick holds one new probe socket: every one is counted once the process is hot.
    expect(await run(new FdMapCache(nodeProcFs))).toEqual({ churned: [1, 1, 1, 1, 1, 1], quiet: 0 });
    // A walk that trusts the unchanged fd count sees only the first (with no hot processes kept).
    expect((await run(new FdMapCache(nodeProcFs, { maxHotPids: 0 }))).churned.slice(1)).toEqual([0, 0, 0, 0, 0]);
  });
});

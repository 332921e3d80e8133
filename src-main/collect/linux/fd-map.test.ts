import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeProcFs, type ProcFs } from '../io';
import { FdMapCache, parseSocketInode } from './fd-map';
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

  it('finds a socket that took over a closed fd number (same count) through resolve()', async () => {
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
    const resolved = unowned.size > 0 ? await cache.resolve(unowned, [process.pid], () => []) : owners;
    expect(resolved?.ownerByInode.get(freshInode)).toBe(process.pid);
  });

  it('re-reads every same-uid process for leftovers only now and then', async () => {
    const cache = new FdMapCache(nodeProcFs, { idleResolveBackoffTicks: 1 });
    await cache.update([self]);
    await cache.update([self]); // tick 2 (a process walked in this very tick is not walked again)
    const ghost = new Map([[999_999_999, 0]]);
    const walksBefore = cache.stats.readdirCalls;
    expect(await cache.resolve(ghost, [], () => [process.pid])).toBeDefined();
    expect(cache.stats.readdirCalls).toBe(walksBefore + 1);
    // the same ghost again: a known orphan, nothing to do
    await cache.update([self]); // tick 3
    expect(await cache.resolve(ghost, [], () => [process.pid])).toBeUndefined();
    // a new ghost: the related process is re-read, but the uid-wide pass placed nothing last time
    // and so waits 6 × 1 ticks
    const walks = cache.stats.readdirCalls;
    await cache.resolve(new Map([[999_999_998, 0]]), [process.pid], () => [process.pid]);
    expect(cache.stats.readdirCalls).toBe(walks + 1);
    await cache.update([self]); // tick 4
    const waiting = cache.stats.readdirCalls;
    await cache.resolve(new Map([[999_999_997, 0]]), [], () => [process.pid]);
    expect(cache.stats.readdirCalls).toBe(waiting);
    for (let tick = 5; tick <= 8; tick++) await cache.update([self]);
    await cache.resolve(new Map([[999_999_996, 0]]), [], () => [process.pid]);
    expect(cache.stats.readdirCalls).toBe(waiting + 1);
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
});

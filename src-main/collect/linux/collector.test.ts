import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../../src-shared/model';
import { nodeProcFs, readTextFile, runCommand } from '../io';
import { LinuxCollector } from './collector';
import { ownerCoverage, relatedOwners } from './socket-owners';
import type { ProcNetSocket } from './proc-net';

describe('ownerCoverage', () => {
  it('tells an unprivileged user that other users’ sockets need elevation', () => {
    const unowned = new Map([
      [11, 0],
      [12, 0],
      [13, 1000],
    ]);
    const warnings = ownerCoverage(unowned, 3, 1000);
    expect(warnings[0]?.message).toBe('owner unknown for 2 sockets of other users; run elevated for full attribution');
    expect(warnings[1]?.message).toBe('owner unknown for 1 socket; 3 processes do not allow reading their descriptors');
  });

  it('as root, blames protected processes or the race, and says nothing when all are owned', () => {
    expect(ownerCoverage(new Map([[16, 0]]), 1, 0).map((w) => w.message)).toEqual([
      'owner unknown for 1 socket; 1 process does not allow reading their descriptors',
    ]);
    expect(ownerCoverage(new Map([[16, 0]]), 0, 0)[0]?.message).toBe('owner unknown for 1 socket (closed or handed over during the tick)');
    expect(ownerCoverage(new Map(), 5, 1000)).toEqual([]);
  });
});

describe('relatedOwners', () => {
  const socket = (
    inode: number,
    localPort: number,
    remotePort: number,
    state: ProcNetSocket['state'] = 'ESTABLISHED',
    remoteAddress = '127.0.0.1',
  ): ProcNetSocket => ({
    protocol: 'tcp',
    family: 4,
    state,
    localAddress: '127.0.0.1',
    localPort,
    remoteAddress,
    remotePort,
    inode,
    uid: 0,
    direction: 'unknown',
  });

  it('names the listener’s owner, the owner of connections to the same server, and the peer’s owner', () => {
    const sockets = [
      socket(1, 8080, 0, 'LISTEN'), // process 10 listens on 8080
      socket(2, 8080, 50001), // accepted by 10, ownerless (fd number reused)
      socket(3, 50002, 443, 'ESTABLISHED', '203.0.113.5'), // process 20: a pooled client connection
      socket(4, 50003, 443, 'ESTABLISHED', '203.0.113.5'), // ownerless sibling of 3
      socket(5, 50004, 7000), // process 40: client of a local server on 7000
      socket(6, 7000, 50004), // its peer, ownerless
      socket(7, 9999, 50001), // process 30: unrelated, shares only an ephemeral port number
    ];
    const owners = new Map([
      [1, 10],
      [3, 20],
      [5, 40],
      [7, 30],
    ]);
    expect(
      relatedOwners(
        sockets,
        new Map([
          [2, 0],
          [4, 0],
          [6, 0],
        ]),
        owners,
      ).sort(),
    ).toEqual([10, 20, 40]);
    expect(relatedOwners(sockets, new Map(), owners)).toEqual([]);
  });
});

// The TCP-table gate, with real sockets. Other programs on this machine move the same counters, so
// "nothing changed" can only be asserted on a pair of ticks between which the counters stayed put.
describe.skipIf(process.platform !== 'linux')('LinuxCollector TCP-table gate (real sockets)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  function countingCollector(maxAgeMs = 60_000): { collector: LinuxCollector; reads: Map<string, number> } {
    const reads = new Map<string, number>();
    const fileReader = async (path: string): Promise<string> => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return readTextFile(path);
    };
    // Quiet ticks off: these tests are about the TCP-table gate below them.
    const collector = new LinuxCollector({
      fileReader,
      commandRunner: runCommand,
      procFs: nodeProcFs,
      tcpInfo: false,
      socketTableMaxAgeMs: maxAgeMs,
      maxQuietMs: 0,
    });
    return { collector, reads };
  }

  async function listener(host = '127.0.0.1'): Promise<{ server: net.Server; port: number }> {
    const server = net.createServer((s) => cleanups.push(() => s.destroy()));
    await new Promise<void>((r) => server.listen(0, host, r));
    cleanups.push(() => server.close());
    return { server, port: (server.address() as net.AddressInfo).port };
  }

  async function connect(port: number): Promise<net.Socket> {
    const client = net.connect(port, '127.0.0.1');
    cleanups.push(() => client.destroy());
    await new Promise((r) => client.once('connect', r));
    await new Promise((r) => setTimeout(r, 20)); // let the server accept
    return client;
  }

  it('reuses the TCP tables while the counters stand still, with every field as read', async () => {
    const { port } = await listener();
    await connect(port);
    const { collector, reads } = countingCollector();
    const first = await collector.collect();
    expect(collector.lastCollectStats()).toMatchObject({ tablesRead: true, decision: 'first-read' });
    let quiet: HostSnapshot | undefined;
    for (let attempt = 0; attempt < 20 && !quiet; attempt++) {
      const tcpReads = reads.get('/proc/net/tcp');
      const udpReads = reads.get('/proc/net/udp') ?? 0;
      const snapshot = await collector.collect();
      const stats = collector.lastCollectStats();
      if (stats?.decision !== 'unchanged') continue; // someone else's traffic moved the counters
      expect(stats.tablesRead).toBe(false);
      expect(reads.get('/proc/net/tcp')).toBe(tcpReads);
      expect(reads.get('/proc/net/udp')).toBe(udpReads + 1); // UDP is read every tick
      quiet = snapshot;
    }
    expect(quiet, 'the TCP counters never stood still for one tick in 20').toBeDefined();
    const view = (s: HostSnapshot): unknown => [
      s.connections.filter((c) => c.protocol === 'tcp' && c.state !== 'TIME_WAIT').map((c) => ({ ...c, process: c.process?.pid })),
      s.listening.filter((l) => l.protocol === 'tcp').map((l) => ({ ...l, process: l.process?.pid })),
    ];
    // Fresh objects each tick (the previous snapshot is left alone), equal to a full read's.
    expect(quiet?.connections[0]).not.toBe(first.connections[0]);
    const fresh = await countingCollector().collector.collect();
    if (collector.lastCollectStats()?.decision === 'unchanged') expect(view(quiet as HostSnapshot)).toEqual(view(fresh));
  });

  it('re-reads the TCP tables after a new connection, a new listener and a close', async () => {
    const { port } = await listener();
    const { collector } = countingCollector();
    await collector.collect();
    await collector.collect();

    const client = await connect(port);
    let snapshot = await collector.collect();
    expect(collector.lastCollectStats()?.tablesRead).toBe(true);
    expect(snapshot.connections.find((c) => c.localPort === client.localPort && c.remotePort === port)?.process?.pid).toBe(process.pid);

    const second = await listener();
    snapshot = await collector.collect();
    expect(collector.lastCollectStats()?.tablesRead).toBe(true);
    expect(snapshot.listening.find((l) => l.port === second.port)?.process?.pid).toBe(process.pid);

    const closedPort = client.localPort;
    client.destroy();
    await new Promise((r) => setTimeout(r, 20));
    snapshot = await collector.collect();
    expect(collector.lastCollectStats()?.tablesRead).toBe(true);
    const after = snapshot.connections.find((c) => c.localPort === closedPort && c.remotePort === port);
    expect(after?.state).not.toBe('ESTABLISHED'); // TIME_WAIT, or gone
    second.server.close();
    await new Promise((r) => setTimeout(r, 20));
    snapshot = await collector.collect();
    expect(collector.lastCollectStats()?.tablesRead).toBe(true);
    expect(snapshot.listening.some((l) => l.port === second.port)).toBe(false);
  });

  it('shows a UDP socket bound since the last tick (UDP tables are read every tick)', async () => {
    const { collector } = countingCollector();
    await collector.collect();
    const udp = dgram.createSocket('udp4');
    cleanups.push(() => udp.close());
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    const snapshot = await collector.collect();
    expect(snapshot.listening.find((l) => l.protocol === 'udp' && l.port === udp.address().port)?.process?.pid).toBe(process.pid);
  });

  it('re-reads the TCP tables every tick while a connection waits to be accepted, then names its owner', async () => {
    // The child listens, then blocks its event loop so our connection waits in its accept queue
    // (inode 0): accept() will give the socket an inode without moving any counter.
    const script = `
      const net = require('node:net');
      const server = net.createServer((s) => { process.stdout.write('accepted\\n'); setInterval(() => {}, 1000); });
      server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
      process.stdin.on('data', () => { process.stdout.write('blocking\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700); });
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    cleanups.push(() => child.kill());
    const lines: string[] = [];
    const waiters: (() => void)[] = [];
    child.stdout?.on('data', (d: Buffer) => {
      lines.push(...String(d).split('\n').filter(Boolean));
      for (const w of waiters.splice(0)) w();
    });
    const line = async (match: (l: string) => boolean): Promise<string> => {
      for (;;) {
        const found = lines.find(match);
        if (found !== undefined) return found;
        await new Promise<void>((r) => waiters.push(r));
      }
    };
    const port = Number(await line((l) => /^\d+$/.test(l)));
    const { collector } = countingCollector();
    child.stdin?.write('block');
    await line((l) => l === 'blocking');
    const client = await connect(port);
    let snapshot = await collector.collect();
    const serverSide = (s: HostSnapshot): HostSnapshot['connections'][number] | undefined =>
      s.connections.find((c) => c.localPort === port && c.remotePort === client.localPort);
    expect(lines).not.toContain('accepted');
    expect(serverSide(snapshot)).toMatchObject({ state: 'ESTABLISHED', inode: 0 });
    snapshot = await collector.collect();
    expect(collector.lastCollectStats()).toMatchObject({ tablesRead: true, decision: 'awaiting-accept' });
    await line((l) => l === 'accepted');
    snapshot = await collector.collect();
    expect(collector.lastCollectStats()?.tablesRead).toBe(true);
    expect(serverSide(snapshot)?.inode).toBeGreaterThan(0);
    expect(serverSide(snapshot)?.process?.pid).toBe(child.pid);
  });

  it('re-reads the TCP tables once they are older than the maximum age', async () => {
    const { collector, reads } = countingCollector(0);
    await collector.collect();
    await collector.collect();
    expect(reads.get('/proc/net/tcp')).toBe(2);
    expect(collector.lastCollectStats()?.decision).toBe('max-age');
  });

  it('reads the TCP tables every tick when a counter file cannot be read', async () => {
    let tcpReads = 0;
    const fileReader = async (path: string): Promise<string> => {
      if (path === '/proc/net/sockstat') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      if (path === '/proc/net/tcp') tcpReads++;
      return readTextFile(path);
    };
    const collector = new LinuxCollector({ fileReader, commandRunner: runCommand, procFs: nodeProcFs, tcpInfo: false, socketTableMaxAgeMs: 60_000 });
    await collector.collect();
    await collector.collect();
    expect(tcpReads).toBe(2);
    expect(collector.lastCollectStats()?.decision).toBe('counters-unreadable');
  });
});

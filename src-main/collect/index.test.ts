// Integration: real sockets, real /proc, real `ip` and `ss`.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src-shared/model';
import { createCollector } from './index';
import { readTextFile, runCommand } from './io';

const isLinux = process.platform === 'linux';
const ownComm = isLinux ? readFileSync('/proc/self/comm', 'utf8').trim() : '';
const CHILD_TITLE = 'nsent-child';

// The child opens an IPv4 and an IPv6 listener, connects to each, and prints its ports.
const CHILD_SCRIPT = `
process.title = '${CHILD_TITLE}';
const net = require('node:net');
const keep = [];
const pair = (host) => new Promise((resolve) => {
  const server = net.createServer((s) => keep.push(s)).listen(0, host, () => {
    const c = net.connect(server.address().port, host, () => { keep.push(c); resolve({ listen: server.address().port, client: c.localPort }); });
  });
});
Promise.all([pair('127.0.0.1'), pair('::1')]).then(([v4, v6]) => process.stdout.write(JSON.stringify({ v4, v6 }) + '\\n'));
setInterval(() => {}, 1000);
`;

interface ChildPorts {
  v4: { listen: number; client: number };
  v6: { listen: number; client: number };
}

function startChild(): Promise<{ child: ChildProcess; ports: ChildPorts }> {
  const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve({ child, ports: JSON.parse(String(d)) as ChildPorts }));
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

async function listenAndConnect(host: string, connectHost = host): Promise<{ server: net.Server; client: net.Socket; peer: net.Socket }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, host, r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect((server.address() as net.AddressInfo).port, connectHost);
  await new Promise((r) => client.once('connect', r));
  return { server, client, peer: await accepted };
}

const held: { server: net.Server; client: net.Socket; peer: net.Socket }[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const h of held) {
    h.client.destroy();
    h.peer.destroy();
    h.server.close();
  }
  for (const c of children) c.kill();
});

describe.skipIf(!isLinux)('createCollector on Linux (real sockets)', () => {
  let v4: (typeof held)[number];
  let v6: (typeof held)[number];
  let mapped: (typeof held)[number];
  let childInfo: { child: ChildProcess; ports: ChildPorts };
  let snapshot: HostSnapshot;

  beforeAll(async () => {
    v4 = await listenAndConnect('127.0.0.1');
    v6 = await listenAndConnect('::1');
    mapped = await listenAndConnect('::', '127.0.0.1');
    held.push(v4, v6, mapped);
    childInfo = await startChild();
    children.push(childInfo.child);
    snapshot = await createCollector().collect();
  });

  const port = (s: net.Server): number => (s.address() as net.AddressInfo).port;

  it('puts this process’s listeners in `listening` with pid and name', () => {
    const listener = snapshot.listening.find((l) => l.port === port(v4.server) && l.protocol === 'tcp');
    expect(listener).toMatchObject({ address: '127.0.0.1', family: 4 });
    expect(listener?.process).toMatchObject({ pid: process.pid, name: ownComm, ppid: process.ppid });
    expect(listener?.process?.exe).toBeTruthy();
    const v6Listener = snapshot.listening.find((l) => l.port === port(v6.server));
    expect(v6Listener).toMatchObject({ address: '::1', family: 6, process: { pid: process.pid } });
    expect(snapshot.connections.some((c) => c.localPort === port(v4.server) && c.state === 'LISTEN')).toBe(false);
  });

  it('holds both ends of this process’s IPv4, IPv6 and IPv4-mapped connections', () => {
    const client = snapshot.connections.find((c) => c.localPort === v4.client.localPort && c.remotePort === port(v4.server));
    expect(client).toMatchObject({ protocol: 'tcp', state: 'ESTABLISHED', family: 4, direction: 'local', localAddress: '127.0.0.1' });
    expect(client?.process?.pid).toBe(process.pid);
    expect(client?.inode).toBeGreaterThan(0);
    const server = snapshot.connections.find((c) => c.localPort === port(v4.server) && c.remotePort === v4.client.localPort);
    expect(server?.process?.pid).toBe(process.pid);
    const six = snapshot.connections.find((c) => c.localPort === v6.client.localPort && c.remotePort === port(v6.server));
    expect(six).toMatchObject({ family: 6, localAddress: '::1', remoteAddress: '::1', process: { pid: process.pid } });
    const viaDualStack = snapshot.connections.find((c) => c.localPort === port(mapped.server) && c.state === 'ESTABLISHED');
    expect(viaDualStack).toMatchObject({ family: 4, localAddress: '127.0.0.1', remoteAddress: '127.0.0.1' });
  });

  it('attributes a child process’s sockets to the child, with its name', () => {
    const { child, ports } = childInfo;
    const listener = snapshot.listening.find((l) => l.port === ports.v4.listen);
    expect(listener?.process).toMatchObject({ pid: child.pid, name: CHILD_TITLE, ppid: process.pid });
    const v6Client = snapshot.connections.find((c) => c.localPort === ports.v6.client && c.family === 6);
    expect(v6Client?.process?.pid).toBe(child.pid);
    const proc = snapshot.processes.find((p) => p.pid === child.pid);
    expect(proc).toMatchObject({ ppid: process.pid, name: CHILD_TITLE, exe: process.execPath });
    expect(proc?.startTime).toBeGreaterThan(Date.now() - 60_000);
  });

  it('fills the host facts', () => {
    expect(snapshot.hostname).toBe(os.hostname());
    expect(snapshot.localAddresses).toContainEqual({ iface: 'lo', address: '127.0.0.1', prefixLength: 8, family: 4 });
    expect(snapshot.interfaces.find((i) => i.name === 'lo')?.rxBytes).toBeGreaterThan(0);
    expect(snapshot.system.memTotalBytes).toBeGreaterThan(0);
    expect(snapshot.kernel?.tcpActiveOpens).toBeGreaterThan(0);
    expect(snapshot.processes.length).toBeGreaterThan(2);
    expect(snapshot.coverage.filter((w) => w.source === 'arp' || w.source === 'tcp-info')).toEqual([]);
  });

  it('survives a process exiting in the middle of collection', async () => {
    const doomed = await startChild();
    children.push(doomed.child);
    const pid = doomed.child.pid ?? -1;
    // Kill the child right after its /proc/<pid>/stat was read, before its fds are walked.
    const fileReader = async (path: string): Promise<string> => {
      const text = await readTextFile(path);
      if (path === `/proc/${pid}/stat` && doomed.child.exitCode === null) {
        const exited = new Promise((r) => doomed.child.once('exit', r));
        doomed.child.kill('SIGKILL');
        await exited;
      }
      return text;
    };
    const collector = createCollector({ fileReader });
    const snap = await collector.collect();
    expect(snap.connections.some((c) => c.process?.pid === pid)).toBe(false);
    expect(snap.listening.find((l) => l.port === port(v4.server))?.process?.pid).toBe(process.pid);
    const next = await collector.collect();
    expect(next.processes.some((p) => p.pid === pid)).toBe(false);
  });

  it('names the owner of a socket opened on a just-closed file’s fd number (same fd count) on the next tick', async () => {
    // The child opens a file, waits, then closes it and connects on loopback: the socket gets the
    // file's fd number and the fd count does not change, so only a search for the new inode finds it.
    const script = `
      const fs = require('node:fs');
      const net = require('node:net');
      const count = () => fs.readdirSync('/proc/self/fd').length;
      process.stdin.once('data', (port) => {
        fs.closeSync(fd);
        const c = net.connect(Number(String(port)), '127.0.0.1', () => {
          const link = fs.readlinkSync('/proc/self/fd/' + fd);
          process.stdout.write(JSON.stringify({ fd, link, localPort: c.localPort, count: count() }) + '\\n');
        });
      });
      const fd = fs.openSync(process.execPath, 'r');
      process.stdout.write(JSON.stringify({ fd, count: count() }) + '\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    const lines: string[] = [];
    const nextLine = (): Promise<{ fd: number; count: number; link?: string; localPort?: number }> =>
      new Promise((resolve) => {
        const take = (): void => {
          const line = lines.shift();
          if (line !== undefined) resolve(JSON.parse(line) as { fd: number; count: number });
          else child.stdout?.once('data', take);
        };
        take();
      });
    child.stdout?.on('data', (d: Buffer) => lines.push(...String(d).split('\n').filter(Boolean)));
    const opened = await nextLine();
    const collector = createCollector({ tcpInfo: false });
    const first = await collector.collect();
    expect(first.processes.some((p) => p.pid === child.pid)).toBe(true);
    child.stdin?.write(String(port(v4.server)));
    const reused = await nextLine();
    expect(reused.link).toMatch(/^socket:\[/);
    expect(reused.fd).toBe(opened.fd);
    expect(reused.count).toBe(opened.count);
    const next = await collector.collect();
    const socket = next.connections.find((c) => c.localPort === reused.localPort && c.remotePort === port(v4.server));
    expect(socket?.process?.pid).toBe(child.pid);
    child.kill();
  });

  it('turns a missing tool and an unreadable file into coverage warnings, not throws', async () => {
    const missing = (command: string, args: string[]): Promise<string> => runCommand(`/nonexistent/${command}`, args);
    const fileReader = async (path: string): Promise<string> => {
      if (path === '/proc/net/tcp6') throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
      return readTextFile(path);
    };
    const snap = await createCollector({ commandRunner: missing, fileReader }).collect();
    const arp = snap.coverage.find((w) => w.source === 'arp');
    expect(arp?.message).toMatch(/not found/);
    expect(arp?.hint).toMatch(/iproute2/);
    expect(snap.coverage.find((w) => w.source === 'sockets')?.message).toMatch(/\/proc\/net\/tcp6: permission denied/);
    expect(snap.connections.some((c) => c.localPort === v4.client.localPort)).toBe(true);
    expect(snap.connections.some((c) => c.family === 6 && c.localPort === v6.client.localPort)).toBe(false);
  });

  it('runs `ip -s neigh` again only when /proc/net/arp changes (or every few ticks, or after a burst of probe replies)', async () => {
    const calls: string[] = [];
    const counting = (command: string, args: string[]): Promise<string> => {
      calls.push(`${command} ${args.join(' ')}`);
      return runCommand(command, args);
    };
    let extraArpLine = '';
    // The snmp counters stay as first read: RSTs from tests running alongside would also (rightly) trigger a refresh.
    let snmp: string | undefined;
    const fileReader = async (path: string): Promise<string> => {
      if (path === '/proc/net/snmp') return (snmp ??= await readTextFile(path));
      return (await readTextFile(path)) + (path === '/proc/net/arp' ? extraArpLine : '');
    };
    const collector = createCollector({ commandRunner: counting, fileReader, tcpInfo: false });
    const neighCalls = (): number => calls.filter((c) => /^(\/\S+\/)?ip -s neigh show$/.test(c)).length;
    const first = await collector.collect();
    await collector.collect();
    await collector.collect();
    expect(neighCalls()).toBe(1);
    extraArpLine = '10.99.0.1        0x1         0x2         02:00:00:00:00:99     *        lo\n';
    const changed = await collector.collect();
    expect(neighCalls()).toBe(2);
    const macs = (arp: HostSnapshot['arp']): string[] => arp.map((n) => `${n.ip} ${n.mac}`);
    expect(macs(changed.arp)).toEqual(macs(first.arp));
  });

  it('never throws even when every source fails', async () => {
    const broken = createCollector({
      fileReader: async () => {
        throw Object.assign(new Error('EIO'), { code: 'EIO' });
      },
      commandRunner: async () => {
        throw new Error('boom');
      },
      procFs: {
        readdir: async () => {
          throw new Error('boom');
        },
        readlink: async () => '',
        statSize: async () => 0,
      },
    });
    const snap = await broken.collect();
    expect(snap.connections).toEqual([]);
    expect(snap.coverage.length).toBeGreaterThan(3);
  });
});

const ownRoutable = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe.skipIf(!isLinux || !ownRoutable)('per-connection byte counters', () => {
  it('reads tcp_info bytes through `ss` for a connection to this host’s own non-loopback address', async () => {
    // Traffic to the host's own address never leaves it; it is the cheapest non-loopback peer.
    const pair = await listenAndConnect(ownRoutable ?? '');
    held.push(pair);
    await new Promise<void>((r) => pair.client.write(Buffer.alloc(50_000), () => r()));
    await new Promise((r) => setTimeout(r, 100));
    const snap = await createCollector().collect();
    const c = snap.connections.find((x) => x.localPort === pair.client.localPort && x.remoteAddress === ownRoutable);
    expect(c?.bytesSent).toBeGreaterThanOrEqual(50_000);
    const s = snap.connections.find((x) => x.remotePort === pair.client.localPort && x.localAddress === ownRoutable);
    expect(s?.bytesReceived).toBeGreaterThanOrEqual(50_000);
  });
});

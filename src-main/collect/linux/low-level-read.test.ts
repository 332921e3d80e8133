import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeProcFs, readTextFile, runCommand } from '../io';
import { ELEVATED_RUN_HINT } from '../source';
import { LinuxCollector } from './collector';
import { lowLevelCoverage, readLowLevelSockets, withOwners } from './low-level-read';

const isRoot = process.getuid?.() === 0;

describe('readLowLevelSockets', () => {
  it('warns per unreadable table and gives undefined when none can be read', async () => {
    const coverage: { source: string; message: string }[] = [];
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    const sockets = await readLowLevelSockets(async (path) => {
      if (path === '/proc/net/packet') throw denied;
      if (path.endsWith('6')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return 'header\n';
    }, coverage);
    expect(sockets).toEqual([]);
    expect(coverage).toHaveLength(1);
    expect(coverage[0]?.message).toMatch(/^cannot read \/proc\/net\/packet: .*sniffer rules do not see that table$/);
    expect(
      await readLowLevelSockets(async () => {
        throw denied;
      }, []),
    ).toBeUndefined();
  });

  it('names an owner only when the fd walk found it', () => {
    const socket = { kind: 'raw' as const, family: 4 as const, protocol: 6, inode: 7, uid: 0 };
    const other = { ...socket, inode: 8 };
    const byPid = new Map([[42, { pid: 42, ppid: 1, name: 'scanner', exe: '/tmp/scanner' }]]);
    const [owned, orphan] = withOwners([socket, other], new Map([[7, 42]]), { byPid });
    expect(owned?.process).toEqual({ pid: 42, ppid: 1, name: 'scanner', exe: '/tmp/scanner' });
    expect(orphan?.process).toBeUndefined();
  });
});

describe('lowLevelCoverage', () => {
  it("tells an unprivileged user how many other users' raw/packet sockets have no known owner", () => {
    const rootDhcp = { kind: 'packet' as const, protocol: 0x800, inode: 5, uid: 0 };
    const mine = { kind: 'ping' as const, family: 4 as const, protocol: 1, inode: 6, uid: 1000 };
    const [warn] = lowLevelCoverage([rootDhcp, { ...rootDhcp, inode: 7 }, mine], 1000);
    expect(warn?.message).toBe(
      'owner unknown for 2 raw/ping/packet sockets of other users: sniffers, raw-socket scans and ICMP tunnels by them are reported without a process',
    );
    // The hint points elevated runs at the headless monitor, never at the desktop app (it would lose Chromium's sandbox).
    expect(warn?.hint).toBe(ELEVATED_RUN_HINT);
    expect(warn?.hint).not.toMatch(/run NetSentinel with sudo/);
    expect(lowLevelCoverage([rootDhcp], 0)).toEqual([]);
    expect(lowLevelCoverage([mine], 1000)).toEqual([]);
  });
});

// Real sockets: python opens a raw ICMP socket and an AF_PACKET socket (root only) and a ping socket.
describe.skipIf(process.platform !== 'linux' || !isRoot)('LinuxCollector low-level sockets (real sockets, root)', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  it('lists raw and packet sockets with their owning process', async () => {
    const script = [
      'import socket, sys, time',
      'r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)',
      't = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)',
      'p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))',
      'print("ready", flush=True)',
      'time.sleep(30)',
    ].join('\n');
    const child = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`python exited ${code}`)));
    });
    const collector = new LinuxCollector({ fileReader: readTextFile, commandRunner: runCommand, procFs: nodeProcFs, tcpInfo: false });
    const snapshot = await collector.collect();
    const mine = (snapshot.lowLevelSockets ?? []).filter((s) => s.process?.pid === child.pid);
    expect(mine.map((s) => [s.kind, s.protocol]).sort()).toEqual([
      ['packet', 3],
      ['raw', 1],
      ['raw', 6],
    ]);
    expect(mine[0]?.process?.name).toBe('python3');
  });
});

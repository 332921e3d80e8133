import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleSockets, classifyDirection, type RawSocket } from './connections';
import { parseProcNet } from './linux/proc-net';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const socket = (over: Partial<RawSocket>): RawSocket => ({
  protocol: 'tcp',
  family: 4,
  state: 'ESTABLISHED',
  localAddress: '192.0.2.2',
  localPort: 40000,
  remoteAddress: '203.0.113.9',
  remotePort: 443,
  inode: 1,
  direction: 'unknown',
  ...over,
});

describe('connections', () => {
  it('classifies direction', () => {
    const own = new Set(['192.0.2.2']);
    const listening = new Set([22]);
    expect(classifyDirection(socket({}), own, listening)).toBe('outbound');
    expect(classifyDirection(socket({ localPort: 22, remotePort: 50000 }), own, listening)).toBe('inbound');
    expect(classifyDirection(socket({ remoteAddress: '127.0.0.1', localAddress: '127.0.0.1' }), own, listening)).toBe('local');
    expect(classifyDirection(socket({ remoteAddress: '192.0.2.2' }), own, listening)).toBe('local');
    expect(classifyDirection(socket({ remoteAddress: '0.0.0.0', remotePort: 0 }), own, listening)).toBe('unknown');
  });

  it('splits listeners from connections on the captured tables and shares one process ref per pid', () => {
    const sockets = [
      ...parseProcNet(fixture('proc-net-tcp.txt'), 'tcp').sockets,
      ...parseProcNet(fixture('proc-net-tcp6.txt'), 'tcp').sockets,
      ...parseProcNet(fixture('proc-net-udp.txt'), 'udp').sockets,
      ...parseProcNet(fixture('proc-net-udp6.txt'), 'udp').sockets,
    ];
    const proc = { pid: 7108, ppid: 7104, name: 'node', exe: '/usr/bin/node', user: 'root' };
    const { connections, listening } = assembleSockets({
      sockets,
      ownAddresses: new Set(['127.0.0.1', '::1']),
      ownerOf: (s) => (s.inode > 0 ? 7108 : undefined),
      processes: new Map([[7108, proc]]),
    });
    expect(listening.map((l) => `${l.protocol}/${l.address}/${l.port}`).sort()).toEqual([
      'tcp/0.0.0.0/2024',
      'tcp/127.0.0.1/47001',
      'tcp/::/47003',
      'tcp/::1/47002',
      'udp/127.0.0.1/47004',
      'udp/::/47006',
      'udp/::1/47005',
    ]);
    expect(connections.some((c) => c.state === 'LISTEN')).toBe(false);
    expect(connections.every((c) => c.direction === 'local')).toBe(true);
    const timeWait = connections.find((c) => c.state === 'TIME_WAIT');
    expect(timeWait?.process).toBeUndefined();
    const owned = connections.filter((c) => c.process);
    expect(owned[0]?.process).toEqual({ pid: 7108, ppid: 7104, name: 'node', exe: '/usr/bin/node', user: 'root' });
    expect(new Set(owned.map((c) => c.process)).size).toBe(1);
  });

  it('attaches tcp_info byte counts to established non-loopback connections', () => {
    const { connections } = assembleSockets({
      sockets: [socket({})],
      ownAddresses: new Set(['192.0.2.2']),
      ownerOf: () => undefined,
      processes: new Map(),
      tcpBytes: new Map([['192.0.2.2|40000|203.0.113.9|443', { bytesSent: 5, bytesReceived: 7 }]]),
    });
    expect(connections[0]).toMatchObject({ bytesSent: 5, bytesReceived: 7, direction: 'outbound' });
  });
});

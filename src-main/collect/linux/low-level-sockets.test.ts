import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInetLowLevel, parseLowLevel, parsePacketTable } from './low-level-sockets';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
// What held these sockets: fixtures/low-level-capture.json.

describe('parseInetLowLevel', () => {
  it('reads raw IPv4 sockets with their IP protocol (TCP, ICMP, IPPROTO_RAW)', () => {
    const { sockets, badLines } = parseInetLowLevel(fixture('proc-net-raw.txt'), 'raw', 4);
    expect(badLines).toBe(0);
    expect(sockets.map((s) => [s.inode, s.protocol])).toEqual([
      [11082, 6],
      [10720, 6],
      [11083, 1],
      [10721, 1],
      [11084, 255],
      [10722, 255],
    ]);
    expect(sockets[0]).toEqual({
      kind: 'raw',
      family: 4,
      protocol: 6,
      localAddress: '0.0.0.0',
      remoteAddress: '0.0.0.0',
      inode: 11082,
      uid: 0,
      drops: 0,
    });
  });

  it('reads raw IPv6 sockets (ICMPv6 = 58, TCP)', () => {
    const { sockets, badLines } = parseInetLowLevel(fixture('proc-net-raw6.txt'), 'raw', 6);
    expect(badLines).toBe(0);
    expect(sockets.map((s) => [s.inode, s.protocol, s.localAddress])).toEqual([
      [11085, 58, '::'],
      [10723, 58, '::'],
      [11086, 6, '::'],
      [10724, 6, '::'],
    ]);
  });

  it('reads ping sockets as ICMP, connected or not (the "port" is the echo identifier)', () => {
    const { sockets, badLines } = parseInetLowLevel(fixture('proc-net-icmp.txt'), 'ping', 4);
    expect(badLines).toBe(0);
    expect(sockets).toHaveLength(3);
    expect(sockets.find((s) => s.inode === 10725)).toMatchObject({ kind: 'ping', protocol: 1, localAddress: '127.0.0.1', remoteAddress: '127.0.0.1' });
    expect(sockets.find((s) => s.inode === 11519)).toMatchObject({ kind: 'ping', protocol: 1, localAddress: '0.0.0.0' });
    // An unbound IPv6 ping socket is not hashed, so the kernel lists nothing.
    expect(parseInetLowLevel(fixture('proc-net-icmp6.txt'), 'ping', 6)).toEqual({ sockets: [], badLines: 0 });
  });

  it('counts malformed lines instead of throwing', () => {
    const text = `${fixture('proc-net-raw.txt')}garbage line\n 1: zz:00 00000000:0000 07 0 0 0 0 x 0 y\n`;
    const { sockets, badLines } = parseInetLowLevel(text, 'raw', 4);
    expect(sockets).toHaveLength(6);
    expect(badLines).toBe(2);
  });
});

describe('parsePacketTable', () => {
  it('reads packet sockets: tcpdump on lo, python ETH_P_ALL and ETH_P_IP datagram sockets', () => {
    const { sockets, badLines } = parsePacketTable(fixture('proc-net-packet.txt'));
    expect(badLines).toBe(0);
    expect(sockets.map((s) => [s.inode, s.socketType, s.protocol, s.ifindex])).toEqual([
      [10727, 'raw', 3, 0],
      [10728, 'dgram', 0x800, 1],
      [11057, 'raw', 3, 1],
      [11089, 'raw', 3, 0],
      [11090, 'dgram', 0x800, 1],
    ]);
    expect(sockets[0]).toEqual({ kind: 'packet', protocol: 3, socketType: 'raw', ifindex: 0, inode: 10727, uid: 0 });
  });

  it('reads what nmap -sS holds: pcap on every interface, a sending socket on one, and an IPPROTO_RAW socket', () => {
    const packet = parseLowLevel(fixture('proc-net-packet-nmap-sS.txt'), 'packet').sockets;
    expect(packet.map((s) => [s.inode, s.protocol, s.ifindex])).toEqual([
      [20267, 3, 0],
      [20272, 3, 2],
    ]);
    const raw = parseLowLevel(fixture('proc-net-raw-nmap-sS.txt'), 'raw', 4).sockets;
    expect(raw.map((s) => [s.inode, s.protocol])).toEqual([[20270, 255]]);
  });

  it('skips malformed lines', () => {
    expect(parsePacketTable('sk RefCnt Type Proto Iface R Rmem User Inode\nabc 3 3 zz 0 1 0 0 1\nshort\n').badLines).toBe(2);
  });
});

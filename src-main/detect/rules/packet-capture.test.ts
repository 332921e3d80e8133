import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LowLevelSocket, ProcessRef } from '../../../src-shared/model';
import { parsePacketTable } from '../../collect/linux/low-level-sockets';
import { makeSnapshot, proc, runRule, T0 } from '../test-support';
import { packetCaptureRule } from './packet-capture';

// Real /proc/net/packet captured while tcpdump -i lo (inode 11057) and python sockets ran.
const table = parsePacketTable(readFileSync(new URL('../../collect/fixtures/proc-net-packet.txt', import.meta.url), 'utf8')).sockets;
const byInode = (inode: number): LowLevelSocket => ({ ...(table.find((s) => s.inode === inode) as LowLevelSocket) });
const owned = (inode: number, p: ProcessRef): LowLevelSocket => ({ ...byInode(inode), process: p });

const tcpdump = proc(700, 'tcpdump', { exe: '/usr/bin/tcpdump', cmdline: 'tcpdump -i lo -w /dev/null' });
const dhclient = proc(300, 'dhclient', { exe: '/usr/sbin/dhclient' });

function run(...ticks: LowLevelSocket[][]) {
  return runRule(
    packetCaptureRule(),
    ticks.map((lowLevelSockets, i) => makeSnapshot({ time: T0 + i * 1000, lowLevelSockets })),
  );
}

describe('packet-capture rule', () => {
  it('names tcpdump capturing every frame on lo, once per socket', () => {
    const [first, second] = run([owned(11057, tcpdump)], [owned(11057, tcpdump)]);
    expect(first).toHaveLength(1);
    expect(first?.[0]).toMatchObject({
      severity: 'HIGH',
      process: tcpdump,
      key: '700|tcpdump',
      evidence: { sockets: ['packet raw ETH_P_ALL on ifindex 1'], inodes: [11057], everyInterface: false, processName: 'tcpdump' },
    });
    expect(second).toEqual([]);
  });

  it('keeps a DHCP client from a system directory on one interface quiet (ETH_P_IP datagram, ETH_P_ALL raw)', () => {
    expect(run([owned(10728, dhclient), owned(11057, dhclient)]).flat()).toEqual([]);
  });

  it('does not trust the name: a "dhclient" from /tmp, or one capturing on every interface, is reported', () => {
    const fake = proc(301, 'dhclient', { exe: '/tmp/dhclient' });
    expect(run([owned(10728, fake)]).flat()).toHaveLength(1);
    const [finding] = run([owned(10727, dhclient)]).flat();
    expect(finding?.evidence).toMatchObject({ everyInterface: true, sockets: ['packet raw ETH_P_ALL on every interface'] });
  });

  it('reports a new socket of the same process again, and ignores ARP-only sockets and unknown owners', () => {
    const [, second] = run([owned(11057, tcpdump)], [owned(11057, tcpdump), owned(11089, tcpdump)]);
    expect(second?.[0]?.occurrences).toBe(1);
    const arpOnly: LowLevelSocket = { ...byInode(10728), protocol: 0x0806, process: proc(5, 'arping') };
    expect(run([arpOnly, byInode(10727)]).flat()).toEqual([]);
  });
});

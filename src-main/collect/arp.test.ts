import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_UNRESOLVED_NEIGHBOURS, UnresolvedNeighbourTracker, parseArpA, parseIpNeigh, parseProcNetArp } from './arp';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

// Output formats as the macOS arp(8) and Windows `arp -a` print them (no such hosts run here).
const MACOS_ARP = `? (192.168.1.1) at 0:11:22:33:44:55 on en0 ifscope [ethernet]
? (192.168.1.20) at (incomplete) on en0 ifscope [ethernet]
router.lan (192.168.1.254) at a4:2b:b0:c:d:e on en0 ifscope [ethernet]
? (224.0.0.251) at 1:0:5e:0:0:fb on en0 ifscope permanent [ethernet]
`;
const WINDOWS_ARP = `
Interface: 192.168.1.10 --- 0xb
  Internet Address      Physical Address      Type
  192.168.1.1           00-11-22-33-44-55     dynamic
  192.168.1.255         ff-ff-ff-ff-ff-ff     static
  224.0.0.22            01-00-5e-00-00-16     static

Interface: 10.0.0.5 --- 0x11
  Internet Address      Physical Address      Type
  10.0.0.1              AA-BB-CC-DD-EE-01     dynamic
`;

describe('neighbour tables', () => {
  it('parses `ip neigh show` and leaves out entries without a MAC', () => {
    const { entries, badLines } = parseIpNeigh(fixture('ip-neigh.txt'));
    expect(badLines).toBe(0);
    expect(entries).toEqual([{ ip: '192.0.2.1', mac: '02:fc:00:00:00:05', iface: 'eth0', state: 'STALE' }]);
    const more = parseIpNeigh('fe80::1 dev eth0 lladdr 02:FC:00:00:00:06 router REACHABLE\ngarbage\n10.0.0.1 dev eth0 lladdr zz STALE\n');
    expect(more.entries).toEqual([{ ip: 'fe80::1', mac: '02:fc:00:00:00:06', iface: 'eth0', state: 'REACHABLE' }]);
    expect(more.badLines).toBe(2);
  });

  it('turns `ip -s neigh` timers into when the entry was last touched', () => {
    // Captured in a lab victim namespace right after `nmap -sS` from 10.88.0.66; 10.88.0.21 had served it 2 s before.
    const readAt = 1_000_000;
    const { entries, unresolved, badLines } = parseIpNeigh(fixture('ip-s-neigh-scan.txt'), readAt);
    expect(badLines).toBe(0);
    expect(unresolved.map((u) => u.ip)).toEqual(['fd00::1']);
    const touched = Object.fromEntries(entries.map((e) => [e.ip, readAt - (e.touchedAt ?? NaN)]));
    // DELAY 0/60/0: sent to just now; REACHABLE 2/2/2; STALE 146/147/113: used 146 s ago (its `updated` is the timer running out).
    expect(touched).toEqual({ '10.88.0.66': 0, '10.88.0.21': 2_000, '192.0.2.1': 146_000 });
    expect(entries.find((e) => e.ip === '10.88.0.66')?.state).toBe('DELAY');
    // iproute2 versions that print `probes` apart; an active entry counts its last state change.
    const spaced = parseIpNeigh('10.0.0.9 dev eth0 lladdr 02:00:00:00:00:09 ref 1 used 40/3/3 probes 1 REACHABLE\n', readAt);
    expect(spaced.entries[0]?.touchedAt).toBe(readAt - 3_000);
    expect(parseIpNeigh('10.0.0.9 dev eth0 lladdr 02:00:00:00:00:09 used x/3/3 REACHABLE\n').entries[0]?.touchedAt).toBeUndefined();
  });

  it('parses /proc/net/arp', () => {
    expect(parseProcNetArp(fixture('proc-net-arp.txt'))).toEqual({
      entries: [{ ip: '192.0.2.1', mac: '02:fc:00:00:00:05', iface: 'eth0', state: 'UNKNOWN' }],
      unresolved: [],
      badLines: 0,
    });
  });

  it('parses `arp -a` from Linux net-tools, macOS and Windows', () => {
    expect(parseArpA(fixture('arp-a-linux.txt')).entries).toEqual([{ ip: '192.0.2.1', mac: '02:fc:00:00:00:05', iface: 'eth0', state: 'UNKNOWN' }]);
    const mac = parseArpA(MACOS_ARP);
    expect(mac.badLines).toBe(0);
    expect(mac.entries).toEqual([
      { ip: '192.168.1.1', mac: '00:11:22:33:44:55', iface: 'en0', state: 'UNKNOWN' },
      { ip: '192.168.1.254', mac: 'a4:2b:b0:0c:0d:0e', iface: 'en0', state: 'UNKNOWN' },
      { ip: '224.0.0.251', mac: '01:00:5e:00:00:fb', iface: 'en0', state: 'PERMANENT' },
    ]);
    const win = parseArpA(WINDOWS_ARP);
    expect(win.badLines).toBe(0);
    expect(win.entries).toHaveLength(4);
    expect(win.entries[0]).toEqual({ ip: '192.168.1.1', mac: '00:11:22:33:44:55', iface: '192.168.1.10', state: 'UNKNOWN' });
    expect(win.entries[3]).toEqual({ ip: '10.0.0.1', mac: 'aa:bb:cc:dd:ee:01', iface: '10.0.0.5', state: 'UNKNOWN' });
    expect(parseArpA(`${MACOS_ARP}this is not arp output\n? (1.2.3.4) at 00:11 on en0\n`).badLines).toBe(2);
  });

  it('rejects a neighbour whose address is not an IP, in every format', () => {
    const neigh = parseIpNeigh(
      'evil\u202e dev eth0 lladdr 02:fc:00:00:00:06 REACHABLE\n300.1.1.1 dev eth0 lladdr 02:fc:00:00:00:07 STALE\n' +
        '<b>x</b>:1 dev eth0 lladdr 02:fc:00:00:00:08 STALE\n::ffff:192.0.2.7 dev eth0 lladdr 02:fc:00:00:00:09 STALE\n<b>y</b> dev eth0 FAILED\n',
    );
    expect(neigh).toEqual({ entries: [{ ip: '192.0.2.7', mac: '02:fc:00:00:00:09', iface: 'eth0', state: 'STALE' }], unresolved: [], badLines: 4 });
    const proc = fixture('proc-net-arp.txt').replace('192.0.2.1 ', '192.0.2.x ');
    expect(parseProcNetArp(proc)).toEqual({ entries: [], unresolved: [], badLines: 1 });
    expect(parseArpA('? (not-an-ip) at 0:11:22:33:44:55 on en0 ifscope [ethernet]\n')).toEqual({ entries: [], unresolved: [], badLines: 1 });
    expect(parseArpA('Interface: 10.0.0.5 --- 0x11\n  10.0.0.999            AA-BB-CC-DD-EE-01     dynamic\n')).toEqual({
      entries: [],
      unresolved: [],
      badLines: 1,
    });
  });
});

describe('unresolved neighbours (addresses that never answered)', () => {
  it('keeps FAILED / INCOMPLETE entries apart, from `ip neigh`, /proc/net/arp and `arp -a` (real captures)', () => {
    const neigh = parseIpNeigh(fixture('ip-neigh-unresolved.txt'));
    expect(neigh.badLines).toBe(0);
    expect(neigh.entries.map((e) => e.ip)).toEqual(['10.99.0.2']);
    expect(neigh.unresolved).toEqual([
      { ip: '10.99.0.7', iface: 'gcap0', state: 'INCOMPLETE' },
      { ip: '10.99.0.8', iface: 'gcap0', state: 'INCOMPLETE' },
      { ip: '10.99.0.9', iface: 'gcap0', state: 'INCOMPLETE' },
      { ip: 'fe80::99', iface: 'gcap0', state: 'INCOMPLETE' },
    ]);
    const proc = parseProcNetArp(fixture('proc-net-arp-unresolved.txt'));
    expect(proc.entries.map((e) => e.ip)).toEqual(['10.99.0.2']);
    expect(proc.unresolved.map((e) => `${e.ip} ${e.state}`)).toEqual(['10.99.0.7 INCOMPLETE', '10.99.0.8 INCOMPLETE', '10.99.0.9 INCOMPLETE']);
    expect(parseArpA(MACOS_ARP).unresolved).toEqual([{ ip: '192.168.1.20', iface: 'en0', state: 'INCOMPLETE' }]);
  });

  it("keeps each entry's first-seen time while it stays unresolved, forgets it once resolved, and stays bounded", () => {
    const tracker = new UnresolvedNeighbourTracker();
    const a = { ip: '10.0.0.7', iface: 'eth0', state: 'INCOMPLETE' as const };
    const b = { ip: '10.0.0.8', iface: 'eth0', state: 'INCOMPLETE' as const };
    expect(tracker.observe([a], 1000)).toEqual([{ ...a, firstSeen: 1000 }]);
    expect(tracker.observe([{ ...a, state: 'FAILED' }, b], 2000)).toEqual([
      { ...a, state: 'FAILED', firstSeen: 1000 },
      { ...b, firstSeen: 2000 },
    ]);
    expect(tracker.observe([b], 3000)).toEqual([{ ...b, firstSeen: 2000 }]);
    expect(tracker.observe([a, b], 4000)).toEqual([
      { ...a, firstSeen: 4000 },
      { ...b, firstSeen: 2000 },
    ]);
    const flood = Array.from({ length: MAX_UNRESOLVED_NEIGHBOURS + 500 }, (_, i) => ({
      ip: `10.${i >> 8}.${i & 255}.1`,
      iface: 'eth0',
      state: 'FAILED' as const,
    }));
    expect(tracker.observe(flood, 5000)).toHaveLength(MAX_UNRESOLVED_NEIGHBOURS);
  });
});

import { describe, expect, it } from 'vitest';
import type { LowLevelSocket } from '../../src-shared/model';
import { networkScanRule } from './rules/network-scan';
import { arp, GATEWAY_IP, kernel, proc, runRule, ticks } from './test-support';

const nmap = proc(5150, 'nmap', { exe: '/usr/bin/nmap' });
const tcpdump = proc(5151, 'tcpdump', { exe: '/usr/bin/tcpdump' });
const TARGET = '192.168.1.22';
const rawIp: LowLevelSocket = { kind: 'raw', family: 4, protocol: 255, inode: 91, uid: 0, process: nmap };
const capture: LowLevelSocket = { kind: 'packet', protocol: 3, socketType: 'raw', ifindex: 0, inode: 92, uid: 0, process: tcpdump };

describe('network-scan: UDP scans', () => {
  it('names the holder of an IPPROTO_RAW socket while rate-limited port-unreachables arrive (nmap -sU), not the target', () => {
    const snaps = ticks(10, 1000, (i) => ({
      arp: [arp(GATEWAY_IP, '52:54:00:12:34:56'), arp(TARGET, '02:00:00:00:00:22', { state: i < 3 ? 'STALE' : 'REACHABLE' })],
      lowLevelSockets: i >= 2 ? [rawIp] : [],
      // one unreachable a second from the target once probes start, plus a burst of 6 at first
      kernel: kernel({ icmpInDestUnreachs: i < 3 ? 0 : 5 + (i - 3) }),
    }));
    const perTick = runRule(networkScanRule(), snaps);
    const first = perTick.findIndex((f) => f.length > 0);
    expect(first).toBe(3);
    expect(perTick[first]?.[0]).toMatchObject({
      key: 'out|nmap',
      process: nmap,
      evidence: { scanKind: 'raw-udp', direction: 'outbound', targetHosts: [TARGET] },
    });
    expect(perTick.flat().some((f) => f.evidence.direction === 'inbound' || f.source?.address === TARGET)).toBe(false);
  });

  it('stays quiet for a capture-only holder (tcpdump) while a few unreachables arrive', () => {
    const snaps = ticks(10, 1000, (i) => ({ lowLevelSockets: [capture], kernel: kernel({ icmpInDestUnreachs: i }) }));
    expect(runRule(networkScanRule(), snaps).flat()).toEqual([]);
  });

  it('sees an inbound UDP scan of closed ports in UDP NoPorts (the ICMP replies are rate-limited) and names the neighbour', () => {
    const attacker = '192.168.1.66';
    const snaps = ticks(10, 1000, (i) => ({
      arp: [arp(GATEWAY_IP, '52:54:00:12:34:56'), ...(i >= 6 ? [arp(attacker, '02:00:00:00:00:66')] : [])],
      kernel: kernel({ udpNoPorts: i < 6 ? 0 : (i - 5) * 200, icmpOutDestUnreachs: i < 6 ? 0 : 6 + (i - 6) }),
      interfaces: [
        {
          name: 'eth0',
          rxBytes: 0,
          txBytes: 0,
          rxPackets: i < 6 ? i : 6 + (i - 5) * 200,
          txPackets: 0,
          rxErrors: 0,
          txErrors: 0,
          rxDropped: 0,
          txDropped: 0,
          rxRate: 0,
          txRate: 0,
        },
      ],
    }));
    const findings = runRule(networkScanRule(), snaps).flat();
    expect(findings[0]).toMatchObject({ key: 'kernel-burst', source: { address: attacker }, evidence: { udpNoPortsDelta: 200 } });
  });

  it('guesses no source for an inbound UDP burst this host never answered', () => {
    const snaps = ticks(10, 1000, (i) => ({
      arp: [arp(GATEWAY_IP, '52:54:00:12:34:56'), ...(i >= 6 ? [arp('192.168.1.21', '02:00:00:00:00:21')] : [])],
      kernel: kernel({ udpNoPorts: i < 6 ? 0 : (i - 5) * 200 }),
      interfaces: [
        {
          name: 'eth0',
          rxBytes: 0,
          txBytes: 0,
          rxPackets: i < 6 ? i : 6 + (i - 5) * 200,
          txPackets: 0,
          rxErrors: 0,
          txErrors: 0,
          rxDropped: 0,
          txDropped: 0,
          rxRate: 0,
          txRate: 0,
        },
      ],
    }));
    const [finding] = runRule(networkScanRule(), snaps).flat();
    expect(finding).toMatchObject({ key: 'kernel-burst', evidence: { udpNoPortsDelta: 200 } });
    expect(finding?.source).toBeUndefined();
  });
});

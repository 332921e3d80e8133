import { describe, expect, it } from 'vitest';
import { networkScanRule } from './rules/network-scan';
import { allFindings, arp, GATEWAY_IP, HOST_IP, kernel, processInfo, runRule, tcp, ticks } from './test-support';

const TARGET = '192.168.1.21';
const nmap = processInfo(31337, 1, 'nmap', { cmdline: 'nmap -sT 192.168.1.21' });
const firefox = processInfo(900, 1, 'firefox');
const neighbours = (i: number, from: number) => [
  arp(GATEWAY_IP, '52:54:00:12:34:56'),
  arp(TARGET, '02:77:00:00:00:15', { state: i < from ? 'STALE' : 'REACHABLE' }),
];

describe('scans that no socket table shows (socket churn, refused streams)', () => {
  it('names the process churning sockets in a LAN connect scan whose probes are all refused before any tick', () => {
    const snaps = ticks(8, 1000, (i) => ({
      arp: neighbours(i, 5),
      processes: [
        { ...nmap, ...(i >= 5 ? { socketsOpened: 4 } : {}) },
        { ...firefox, socketsOpened: i % 2 ? 3 : 0 },
      ],
      // The browser's sessions and the target's answered ports (ownerless TIME_WAIT) are what the
      // tables show; nmap's refused probes never are.
      connections: [
        tcp(`${HOST_IP}:${41000 + i}`, `203.0.113.${i + 1}:443`, { state: 'SYN_SENT', process: { pid: 900, name: 'firefox' } }),
        ...[22, 80, 445, 3389].map((port) => tcp(`${HOST_IP}:${42000 + i * 10 + (port % 7)}`, `${TARGET}:${port}`, { state: 'TIME_WAIT' })),
      ],
      kernel: kernel({ tcpActiveOpens: i < 5 ? i : (i - 4) * 6000, tcpAttemptFails: i < 5 ? 0 : (i - 4) * 5990 }),
    }));
    const findings = allFindings(networkScanRule(), snaps);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({
      key: 'out|nmap',
      process: { pid: 31337, name: 'nmap' },
      destination: { address: TARGET },
      evidence: { direction: 'outbound', targetHosts: [TARGET], socketsOpened: 4 },
    });
  });

  it('names an already-active neighbour as the target when none became active during the scan', () => {
    const snaps = ticks(8, 1000, (i) => ({
      arp: neighbours(i, 0),
      processes: [{ ...nmap, ...(i >= 5 ? { socketsOpened: 250 } : {}) }],
      kernel: kernel({ tcpActiveOpens: i < 5 ? i : (i - 4) * 6000, tcpAttemptFails: i < 5 ? 0 : (i - 4) * 5990 }),
    }));
    expect(allFindings(networkScanRule(), snaps)[0]).toMatchObject({ key: 'out|nmap', evidence: { targetHosts: [TARGET] } });
  });

  it('catches one refused probe a second over a minute, HIGH when the churning process is seen, MEDIUM and unnamed when not', () => {
    const slow = (seen: boolean) =>
      ticks(40, 1000, (i) => ({
        arp: neighbours(i, 1),
        processes: [{ ...nmap, ...(seen && i % 3 === 0 ? { socketsOpened: 1 } : {}) }, firefox],
        kernel: kernel({ tcpActiveOpens: i, tcpAttemptFails: i }),
      }));
    const named = runRule(networkScanRule(), slow(true));
    const first = named.findIndex((f) => f.length > 0);
    expect(first).toBe(20); // 20 failures since the first tick's baseline
    expect(named[first]?.[0]).toMatchObject({
      key: 'out|nmap',
      severity: 'HIGH',
      process: { name: 'nmap' },
      destination: { address: TARGET },
      evidence: { scanKind: 'slow-refused', failedConnects: 20, targetHosts: [TARGET] },
    });
    const unnamed = allFindings(networkScanRule(), slow(false));
    expect(unnamed[0]).toMatchObject({ key: 'out|refused-stream', severity: 'MEDIUM', evidence: { socketsOpened: 0 } });
    expect(unnamed[0]?.process).toBeUndefined();
  });

  it('stays quiet for a client retrying a refused port every 5 s and for one burst of failures', () => {
    const retrying = ticks(120, 1000, (i) => ({ kernel: kernel({ tcpAttemptFails: Math.floor(i / 5) }) }));
    expect(allFindings(networkScanRule(), retrying)).toEqual([]);
    // 30 failures within one tick, then nothing: too few for the burst check's rate, never a stream.
    const once = ticks(60, 1000, (i) => ({ kernel: kernel({ tcpAttemptFails: i < 10 ? 0 : 19 }) }));
    expect(allFindings(networkScanRule(), once)).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LowLevelSocket, ProcessRef } from '../../src-shared/model';
import { parseLowLevel } from '../collect/linux/low-level-sockets';
import { networkScanRule } from './rules/network-scan';
import { allFindings, arp, GATEWAY_IP, HOST_IP, kernel, proc, runRule, tcp, ticks } from './test-support';
import { unansweredSegments } from './scan-outbound';

const TARGET = '192.168.1.21';
const nmap = proc(31337, 'nmap', { exe: '/usr/bin/nmap', cmdline: 'nmap -sS -p- 192.168.1.21' });
const fixture = (name: string): string => readFileSync(new URL(`../collect/fixtures/${name}`, import.meta.url), 'utf8');
// What nmap -sS held (real capture): pcap ETH_P_ALL, a sending packet socket, and IPPROTO_RAW.
const nmapSockets = (p: ProcessRef = nmap): LowLevelSocket[] =>
  [...parseLowLevel(fixture('proc-net-packet-nmap-sS.txt'), 'packet').sockets, ...parseLowLevel(fixture('proc-net-raw-nmap-sS.txt'), 'raw', 4).sockets].map(
    (s) => ({ ...s, process: p }),
  );
const neighbours = (i: number, from: number) => [
  arp(GATEWAY_IP, '52:54:00:12:34:56'),
  arp(TARGET, '02:77:00:00:00:15', { state: i < from ? 'STALE' : 'REACHABLE' }),
];

describe('unansweredSegments', () => {
  it('counts segments the stack did not answer only when it answered fewer than one in four', () => {
    expect(unansweredSegments(kernel(), kernel({ tcpInSegs: 4000, tcpOutSegs: 4 }), 2)).toEqual({ rate: 1998, inSegs: 4000, outSegs: 4 });
    // a download: one ACK per two segments
    expect(unansweredSegments(kernel(), kernel({ tcpInSegs: 4000, tcpOutSegs: 2000 }), 2)?.rate).toBe(0);
    expect(unansweredSegments(kernel({ tcpInSegs: 5 }), kernel(), 2)).toBeUndefined();
  });
});

describe('network-scan: this host scanning others', () => {
  it('names the raw-socket holder of a SYN scan and its target, and blames no inbound source', () => {
    const snaps = ticks(8, 2000, (i) => ({
      arp: neighbours(i, 5),
      lowLevelSockets: i >= 5 ? nmapSockets() : [],
      // closed ports answer with RSTs (in), open ports' SYN-ACKs make our kernel send a few RSTs (out)
      kernel: kernel({ tcpInSegs: i < 5 ? i * 10 : 40 + (i - 4) * 4000, tcpOutSegs: i < 5 ? i * 10 : 40 + (i - 4) * 4, tcpOutRsts: i < 5 ? 0 : (i - 4) * 400 }),
    }));
    const findings = allFindings(networkScanRule(), snaps);
    expect(findings.map((f) => f.key)).toEqual(['out|nmap', 'out|nmap', 'out|nmap']);
    expect(findings.some((f) => f.evidence.direction === 'inbound' || f.key.startsWith('kernel-burst'))).toBe(false);
    expect(findings[0]).toMatchObject({
      process: nmap,
      destination: { address: TARGET },
      evidence: { scanKind: 'raw', unansweredSegmentsPerSec: 1998, tcpInSegsDelta: 4000, targetHosts: [TARGET], processName: 'nmap' },
    });
    expect(findings[0]?.evidence.rawSockets).toEqual([
      'packet raw ETH_P_ALL on every interface',
      'packet raw ETH_P_ALL on ifindex 2',
      'raw IPPROTO_RAW (IPv4)',
    ]);
  });

  it('still names a raw scanner that exited before the tick that counted its replies (10 s memory)', () => {
    const snaps = ticks(8, 1000, (i) => ({
      lowLevelSockets: i === 5 ? nmapSockets() : [],
      kernel: kernel({ tcpInSegs: i < 6 ? i : 6 + (i - 5) * 3000, tcpOutSegs: i < 6 ? i : 6 + (i - 5) * 2 }),
    }));
    const perTick = runRule(networkScanRule(), snaps);
    expect(perTick.map((f) => f.length)).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(perTick[6]?.[0]).toMatchObject({ key: 'out|nmap', process: nmap, evidence: { unansweredSegmentsPerSec: 2998 } });
  });

  it('keeps an inbound SYN scan inbound while tcpdump runs (the stack answers every probe)', () => {
    const tcpdump = proc(700, 'tcpdump', { exe: '/usr/bin/tcpdump' });
    const attacker = '192.168.1.66';
    const snaps = ticks(8, 2000, (i) => ({
      arp: [arp(GATEWAY_IP, '52:54:00:12:34:56'), arp(attacker, '02:00:00:00:00:66', { state: i < 6 ? 'STALE' : 'REACHABLE' })],
      lowLevelSockets: nmapSockets(tcpdump).slice(0, 1),
      kernel: kernel({ tcpInSegs: i < 6 ? i : 6 + (i - 5) * 3000, tcpOutSegs: i < 6 ? i : 6 + (i - 5) * 3000, tcpOutRsts: i < 6 ? 0 : (i - 5) * 2990 }),
    }));
    const findings = allFindings(networkScanRule(), snaps);
    expect(findings.map((f) => f.key)).toEqual(['kernel-burst', 'kernel-burst']);
    expect(findings[0]?.source).toEqual({ address: attacker });
  });

  it('turns a burst of failed connects into an outbound scan by the connecting process, not an inbound one from the target', () => {
    const snaps = ticks(8, 2000, (i) => ({
      arp: neighbours(i, 5),
      // nmap -sT: most ports refused (AttemptFails), the open ones seen briefly
      connections: i >= 5 ? [tcp(`${HOST_IP}:${50000 + i}`, `${TARGET}:${[22, 80, 445][i - 5]}`, { state: 'SYN_SENT', process: nmap })] : [],
      kernel: kernel({ tcpActiveOpens: i < 5 ? i : (i - 4) * 6000, tcpAttemptFails: i < 5 ? 0 : (i - 4) * 5990, tcpOutRsts: i < 5 ? 0 : (i - 4) * 10 }),
    }));
    const findings = allFindings(networkScanRule(), snaps);
    expect(findings.map((f) => f.key)).toEqual(['out|nmap', 'out|nmap', 'out|nmap']);
    expect(findings[0]).toMatchObject({
      title: 'Outbound connect scan by nmap (pid 31337)',
      process: nmap,
      evidence: { direction: 'outbound', tcpAttemptFailsDelta: 5990, targetHosts: [TARGET], processName: 'nmap' },
    });
    expect(findings.every((f) => f.source === undefined)).toBe(true);
  });

  it('names a connect scanner gone before the tick by the command line the watch saw, and nobody when two programs name the target', () => {
    const burstTicks = (transients: (i: number) => ProcessRef[]) =>
      ticks(8, 1000, (i) => ({
        arp: neighbours(i, 5),
        // nmap -sT lived 0.5 s between two ticks: no socket of it in any table, only the counters
        kernel: kernel({ tcpActiveOpens: i < 5 ? i : 65535, tcpAttemptFails: i < 5 ? 0 : 65531, tcpOutRsts: i < 5 ? 0 : 4 }),
        transientProcesses: transients(i),
      }));
    const gone = proc(4242, 'nmap', { cmdline: `nmap -sT -T4 -p- ${TARGET}` });
    const ping = proc(4243, 'ping', { cmdline: 'ping -c1 192.168.1.1' });
    const [named] = allFindings(
      networkScanRule(),
      burstTicks((i) => (i === 4 ? [gone, ping] : [])),
    );
    expect(named).toMatchObject({ title: 'Outbound connect scan by nmap (pid 4242)', process: gone, evidence: { targetHosts: [TARGET] } });
    expect(named?.evidence.namedBy).toContain(TARGET);
    const curl = proc(4244, 'curl', { cmdline: `curl http://${TARGET}/` });
    const [ambiguous] = allFindings(
      networkScanRule(),
      burstTicks((i) => (i === 4 ? [gone, curl] : [])),
    );
    expect(ambiguous?.title).toBe('Outbound connect scan by unknown process');
    const [unnamed] = allFindings(
      networkScanRule(),
      burstTicks((i) => (i === 4 ? [ping] : [])),
    );
    expect(unnamed?.title).toBe('Outbound connect scan by unknown process');
  });

  it('catches a slow scan (one SYN_SENT every 5 s, a new host and port each time) after 30 targets within 5 min', () => {
    const slow = ticks(40, 5000, (i) => ({
      connections: [tcp(`${HOST_IP}:${40000 + i}`, `192.168.1.${100 + i}:${2000 + i}`, { state: 'SYN_SENT', process: nmap })],
    }));
    const perTick = runRule(networkScanRule(), slow);
    expect(perTick.findIndex((f) => f.length > 0)).toBe(29);
    expect(perTick[29]?.[0]).toMatchObject({
      key: 'out|nmap',
      title: 'Outbound slow scan by nmap (pid 31337)',
      evidence: { scanKind: 'slow', distinctTargets: 30, distinctHosts: 30, windowSec: 300 },
    });
    // One port over the same silent hosts is a sweep: 6 within the minute.
    const sweep = ticks(12, 5000, (i) => ({ connections: [tcp(`${HOST_IP}:${40000 + i}`, `192.168.1.${100 + i}:22`, { state: 'SYN_SENT', process: nmap })] }));
    expect(runRule(networkScanRule(), sweep).findIndex((f) => f.length > 0)).toBe(5);
  });

  it('catches one probe a second at one host within 10 s (vertical), and not a browser opening 40 sites', () => {
    const oneHost = ticks(12, 1000, (i) => ({ connections: [tcp(`${HOST_IP}:${40000 + i}`, `${TARGET}:${1000 + i}`, { state: 'SYN_SENT', process: nmap })] }));
    expect(runRule(networkScanRule(), oneHost).findIndex((f) => f.length > 0)).toBe(9);
    const browser = proc(9, 'firefox');
    const browsing = ticks(60, 1000, (i) => ({
      connections: [tcp(`${HOST_IP}:${40000 + i}`, `203.0.113.${i + 1}:443`, { state: i % 3 ? 'ESTABLISHED' : 'SYN_SENT', process: browser })],
    }));
    expect(allFindings(networkScanRule(), browsing)).toEqual([]);
  });

  it('catches a vertical scan: 10 ports of one host within the window, whatever the states', () => {
    const snaps = ticks(10, 1000, (i) => ({
      connections: [
        tcp(`${HOST_IP}:${40000 + i}`, `${TARGET}:${[21, 22, 23, 25, 80, 110, 139, 443, 445, 3389][i]}`, {
          state: i % 2 ? 'TIME_WAIT' : 'ESTABLISHED',
          process: i % 2 ? undefined : nmap,
        }),
      ],
    }));
    const findings = allFindings(networkScanRule(), snaps);
    expect(findings).toHaveLength(0); // half of them have no owner (TIME_WAIT): split between nmap and '?'
    const owned = ticks(10, 1000, (i) => ({ connections: [tcp(`${HOST_IP}:${40000 + i}`, `${TARGET}:${2000 + i}`, { process: nmap })] }));
    const [finding] = allFindings(networkScanRule(), owned);
    expect(finding).toMatchObject({ key: 'out|nmap', destination: { address: TARGET }, evidence: { scanKind: 'vertical', distinctPorts: 10 } });
  });

  it('catches a sweep of one port over silent hosts, and not a scraper whose hosts answer or a browser on 443', () => {
    const sweep = ticks(3, 1000, (i) => ({
      connections: Array.from({ length: 4 * (i + 1) }, (_, h) =>
        tcp(`${HOST_IP}:${42000 + h}`, `192.168.1.${100 + h}:22`, { state: 'SYN_SENT', process: nmap }),
      ),
    }));
    const perTick = runRule(networkScanRule(), sweep);
    expect(perTick.findIndex((f) => f.length > 0)).toBe(1);
    expect(perTick[1]?.[0]).toMatchObject({ key: 'out|nmap', evidence: { scanKind: 'sweep', distinctHosts: 8, distinctPorts: 1 } });
    const scraper = proc(70, 'prometheus');
    const scrapes = ticks(3, 1000, () => ({
      connections: Array.from({ length: 15 }, (_, h) =>
        tcp(`${HOST_IP}:${43000 + h}`, `192.168.1.${100 + h}:9100`, { state: 'ESTABLISHED', process: scraper }),
      ),
    }));
    expect(allFindings(networkScanRule(), scrapes)).toEqual([]);
  });
});

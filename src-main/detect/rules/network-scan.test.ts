import { describe, expect, it } from 'vitest';
import type { InterfaceCounters } from '../../../src-shared/model';
import type { Connection, ListeningPort } from '../../../src-shared/model';
import { allFindings, arp, GATEWAY_IP, kernel, proc, runRule, severe, tcp, ticks } from '../test-support';
import { networkScanRule } from './network-scan';

const ATTACKER = '192.168.1.66';
const listeners: ListeningPort[] = [22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9000, 9090, 11211, 27017].map((port) => ({
  protocol: 'tcp',
  family: 4,
  address: '0.0.0.0',
  port,
  inode: port,
}));

function halfOpen(port: number): Connection {
  return tcp(`192.168.1.10:${port}`, `${ATTACKER}:${40000 + port}`, { state: 'SYN_RECV', direction: 'inbound', inode: 0 });
}

describe('network-scan rule (T1046)', () => {
  it('catches a SYN scan from a LAN neighbour: half-open sockets on many ports plus a burst of sent RSTs', () => {
    const ports = listeners.map((l) => l.port);
    const snaps = ticks(8, 2000, (i) => ({
      listening: listeners,
      // Six quiet ticks build the baseline; the scan runs in ticks 6 and 7.
      connections: i === 6 ? ports.slice(0, 6).map(halfOpen) : i === 7 ? ports.slice(6).map(halfOpen) : [],
      kernel: kernel({ tcpOutRsts: i < 6 ? i * 2 : 12 + (i - 5) * 990 }),
    }));
    const perTick = runRule(networkScanRule(), snaps);
    expect(perTick.slice(0, 6).flat()).toEqual([]);
    const inbound = perTick[7]?.find((f) => f.key === `in|${ATTACKER}`);
    expect(inbound).toBeDefined();
    expect(inbound?.severity).toBe('HIGH');
    expect(inbound?.evidence).toMatchObject({ direction: 'inbound', scanner: ATTACKER, distinctPorts: 12, sourceInternal: true });
    expect(inbound?.occurrences).toBe(12);
    const burst = perTick[6]?.find((f) => f.key === 'kernel-burst');
    expect(burst?.evidence.tcpOutRstsPerSec).toBe(496);
    expect(burst?.evidence.suspects).toEqual([`${ATTACKER} (6 ports)`]);
    expect(burst?.source?.address).toBe(ATTACKER);
  });

  it('catches a connect scan: short-lived inbound sessions first seen in TIME_WAIT or ESTABLISHED', () => {
    const snaps = ticks(4, 2000, (i) => ({
      listening: listeners,
      connections: listeners
        .slice(i * 4, i * 4 + 4)
        .map((l, j) =>
          tcp(`192.168.1.10:${l.port}`, `${ATTACKER}:${50000 + i * 10 + j}`, { direction: 'inbound', state: j % 2 ? 'TIME_WAIT' : 'ESTABLISHED' }),
        ),
    }));
    const findings = allFindings(networkScanRule(), snaps);
    expect(findings.map((f) => f.key)).toEqual([`in|${ATTACKER}`]);
    expect(findings[0]?.evidence.distinctPorts).toBe(12);
  });

  it('sees a scan of closed ports through the kernel counters alone', () => {
    const snaps = ticks(5, 2000, (i) => ({
      kernel: kernel({ tcpOutRsts: 100 + i, icmpOutDestUnreachs: i === 4 ? 600 : 0, tcpAttemptFails: 5 }),
    }));
    const findings = allFindings(networkScanRule(), snaps);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ key: 'kernel-burst', severity: 'HIGH' });
    expect(findings[0]?.evidence).toMatchObject({ icmpOutDestUnreachsDelta: 600, icmpOutDestUnreachsPerSec: 300 });
    expect(findings[0]?.evidence.tcpOutRstsDelta).toBeUndefined();
  });

  it('rates a reset burst LOW when no packets from the network explain it (loopback teardown), HIGH when they do', () => {
    const iface = (name: string, rxPackets: number): InterfaceCounters => ({
      name,
      rxPackets,
      txPackets: 0,
      rxBytes: 0,
      txBytes: 0,
      rxErrors: 0,
      txErrors: 0,
      rxDropped: 0,
      txDropped: 0,
      rxRate: 0,
      txRate: 0,
    });
    const burstTicks = (ethRxAtBurst: number) =>
      ticks(5, 2000, (i) => ({
        kernel: kernel({ tcpOutRsts: i < 4 ? i : 4000 }),
        interfaces: [iface('lo', i < 4 ? 100 * i : 9000), iface('eth0', i < 4 ? 10 * i : 30 + ethRxAtBurst)],
      }));
    const local = allFindings(networkScanRule(), burstTicks(5));
    expect(local.map((f) => [f.key, f.severity])).toEqual([['kernel-burst-local', 'LOW']]);
    expect(local[0]?.evidence.networkRxPacketsDelta).toBe(5);
    const remote = allFindings(networkScanRule(), burstTicks(4000));
    expect(remote.map((f) => [f.key, f.severity])).toEqual([['kernel-burst', 'HIGH']]);
  });

  it('names the LAN neighbour that became active when a closed-port scan leaves no socket, unless another was active too', () => {
    const scan = (otherState: 'STALE' | 'REACHABLE') =>
      ticks(6, 1000, (i) => ({
        arp: [
          arp(GATEWAY_IP, '52:54:00:12:34:56'),
          arp('192.168.1.20', '52:54:00:00:00:20', { state: otherState }),
          arp(ATTACKER, '02:00:00:00:00:66', { state: i < 4 ? 'STALE' : 'REACHABLE' }),
        ],
        kernel: kernel({ tcpOutRsts: i < 5 ? i : 5000 }),
      }));
    const [burst] = allFindings(networkScanRule(), scan('STALE'));
    expect(burst?.source).toEqual({ address: ATTACKER });
    expect(burst?.evidence.recentlyActiveNeighbours).toEqual([ATTACKER]);
    expect(burst?.description).toMatch(/Likely source: 192\.168\.1\.66 \(LAN neighbour/);
    // A scanner this host already talked to keeps its entry REACHABLE: the fresh one may be a bystander.
    const [ambiguous] = allFindings(networkScanRule(), scan('REACHABLE'));
    expect(ambiguous?.key).toBe('kernel-burst');
    expect(ambiguous?.source).toBeUndefined();
    expect(ambiguous?.evidence.recentlyActiveNeighbours).toEqual([ATTACKER, '192.168.1.20']);
  });

  it('names the scanner by the entry timers when bystanders stay REACHABLE, and nobody when a bystander was sent to as well', () => {
    // ip -s neigh: every entry REACHABLE; the burst starts after tick 3 (time t3); only the scanner was sent to since.
    const scan = (bystanderTouchedAt: (t3: number) => number) =>
      ticks(6, 1000, (i, time) => {
        const t3 = time - (i - 3) * 1000;
        return {
          arp: [
            arp(GATEWAY_IP, '52:54:00:12:34:56', { touchedAt: time }),
            arp('192.168.1.20', '52:54:00:00:00:20', { touchedAt: bystanderTouchedAt(t3) }),
            arp(ATTACKER, '02:00:00:00:00:66', { touchedAt: i < 4 ? t3 - 20_000 : t3 + 500 }),
          ],
          kernel: kernel({ tcpOutRsts: i < 4 ? i : 5000 }),
        };
      });
    const [named] = allFindings(
      networkScanRule(),
      scan((t3) => t3 - 20_000),
    );
    expect(named?.source).toEqual({ address: ATTACKER });
    expect(named?.evidence.neighboursSentToDuringBurst).toEqual([ATTACKER]);
    expect(named?.description).toMatch(/Likely source: 192\.168\.1\.66 \(the one LAN neighbour this host replied to during the burst\)/);
    const [ambiguous] = allFindings(
      networkScanRule(),
      scan((t3) => t3 + 200),
    );
    expect(ambiguous?.key).toBe('kernel-burst');
    expect(ambiguous?.source).toBeUndefined();
  });

  it('names the neighbour this host sent to during its own connect burst as the target when no socket was seen', () => {
    const TARGET = '192.168.1.21';
    const snaps = ticks(6, 1000, (i, time) => ({
      arp: [
        arp(TARGET, '52:54:00:00:00:21', { touchedAt: i < 4 ? time - 30_000 : time - 200 }),
        arp('192.168.1.22', '52:54:00:00:00:22', { touchedAt: time - 30_000 }),
      ],
      kernel: kernel({ tcpAttemptFails: i < 4 ? i : 20_000, tcpActiveOpens: i < 4 ? i : 20_000 }),
    }));
    const burst = allFindings(networkScanRule(), snaps).find((f) => f.evidence.direction === 'outbound');
    expect(burst?.evidence.targetHosts).toEqual([TARGET]);
    expect(allFindings(networkScanRule(), snaps).some((f) => f.source?.address === TARGET)).toBe(false);
  });

  it('does not guess among neighbours that were all active before monitoring began', () => {
    const snaps = ticks(5, 1000, (i) => ({
      arp: [arp('192.168.1.20', '52:54:00:00:00:20'), arp(ATTACKER, '02:00:00:00:00:66')],
      kernel: kernel({ tcpOutRsts: i < 4 ? i : 5000 }),
    }));
    const [burst] = allFindings(networkScanRule(), snaps);
    expect(burst?.source).toBeUndefined();
    expect(burst?.evidence.recentlyActiveNeighbours).toHaveLength(2);
  });

  it('does not treat a steady RST rate as a burst, nor let a long scan become the baseline', () => {
    // 30 RST/s for a minute is this host's normal; 40/s is not five times that.
    const steady = ticks(30, 2000, (i) => ({ kernel: kernel({ tcpOutRsts: i * 60 + (i === 29 ? 20 : 0) }) }));
    expect(allFindings(networkScanRule(), steady)).toEqual([]);
    const long = ticks(20, 2000, (i) => ({ kernel: kernel({ tcpOutRsts: i < 3 ? 0 : (i - 2) * 1000 }) }));
    const perTick = runRule(networkScanRule(), long);
    expect(perTick.slice(3).every((t) => t.length === 1)).toBe(true);
  });

  it('does not mistake a client using many ephemeral ports to one server for a scan (the prototype bug)', () => {
    const snaps = ticks(5, 2000, (i) => ({
      listening: listeners,
      connections: [
        // This host downloading from a server over 10 parallel connections each tick.
        ...Array.from({ length: 10 }, (_, j) => tcp(`192.168.1.10:${41000 + i * 10 + j}`, '203.0.113.5:443', { process: proc(5, 'chrome') })),
        // Many LAN clients hitting our web server.
        ...Array.from({ length: 10 }, (_, j) => tcp('192.168.1.10:443', `192.168.1.${20 + j}:${52000 + i}`, { direction: 'inbound' })),
      ],
    }));
    expect(allFindings(networkScanRule(), snaps)).toEqual([]);
  });

  it('catches this host scanning others with many SYN_SENT', () => {
    const snaps = ticks(3, 2000, (i) => ({
      connections: Array.from({ length: 10 }, (_, j) =>
        tcp(`192.168.1.10:${45000 + i * 10 + j}`, `192.168.1.${100 + j}:${[22, 445, 3389][i]}`, { state: 'SYN_SENT', process: proc(666, 'scanner') }),
      ),
    }));
    const findings = allFindings(networkScanRule(), snaps);
    // Port 22 on 10 silent hosts is a sweep at once; 20 targets make it a fast scan.
    expect(findings.map((f) => f.key)).toEqual(['out|scanner', 'out|scanner', 'out|scanner']);
    expect(findings[0]?.evidence).toMatchObject({ scanKind: 'sweep', distinctTargets: 10, distinctHosts: 10, distinctPorts: 1 });
    expect(findings[1]?.evidence).toMatchObject({ scanKind: 'fast', distinctTargets: 20, distinctHosts: 10, distinctPorts: 2, processName: 'scanner' });
    expect(findings[2]?.occurrences).toBe(10);
  });

  it('forgets sources after the window and honours the ignore list', () => {
    const trickle = ticks(40, 10_000, (i) => ({
      listening: listeners,
      connections: [tcp(`192.168.1.10:${listeners[i % 12]?.port}`, `${ATTACKER}:${30000 + i}`, { direction: 'inbound' })],
    }));
    // One new port every 10 s: never 10 within 60 s.
    expect(allFindings(networkScanRule(), trickle)).toEqual([]);
    const burst = ticks(1, 2000, () => ({ listening: listeners, connections: listeners.map((l) => halfOpen(l.port)) }));
    expect(allFindings(networkScanRule({ ignoreSources: [ATTACKER] }), burst)).toEqual([]);
    expect(severe(allFindings(networkScanRule(), burst))).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/model';
import { HomeNet } from '../../../src-shared/net';
import { allFindings, makeSnapshot, proc, runRule, severe, T0, tcp, ticks } from '../test-support';
import { remoteServicesRule } from './remote-services';

describe('remote-services rule (T1021)', () => {
  it('flags one program opening admin sessions to three internal hosts, across several pids', () => {
    const snaps = ticks(4, 2000, (i) => ({
      connections:
        i < 3
          ? [tcp(`192.168.1.10:${50000 + i}`, `192.168.1.${20 + i}:22`, { process: proc(700 + i, 'ssh', { ppid: 600 }) })]
          : [tcp('192.168.1.10:50010', '192.168.1.23:22', { process: proc(710, 'ssh', { ppid: 600 }) })],
    }));
    const perTick = runRule(remoteServicesRule(), snaps);
    expect(perTick[0]).toEqual([]);
    expect(perTick[1]).toEqual([]);
    const f = perTick[2]?.[0];
    expect(f).toMatchObject({ key: 'ssh|600', severity: 'CRITICAL', occurrences: 3, process: { name: 'ssh', pid: 702 } });
    expect(f?.evidence).toMatchObject({ hostCount: 3, services: ['SSH'], pids: [700, 701, 702] });
    expect(f?.evidence.hosts).toEqual(['192.168.1.20 (22)', '192.168.1.21 (22)', '192.168.1.22 (22)']);
    expect(perTick[3]?.[0]).toMatchObject({ occurrences: 1, evidence: { hostCount: 4 } });
  });

  it('flags mixed SMB / RDP / WinRM sessions from one tool in one tick', () => {
    const tool = proc(31, 'python3', { cmdline: 'python3 spray.py' });
    const findings = allFindings(remoteServicesRule(), [
      makeSnapshot({
        connections: [
          tcp('192.168.1.10:50001', '10.0.0.5:445', { process: tool }),
          tcp('192.168.1.10:50002', '10.0.0.6:3389', { process: tool, state: 'FIN_WAIT1' }),
          tcp('192.168.1.10:50003', '[fd00::7]:5985', { process: tool }),
        ],
      }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence.services).toEqual(['SMB', 'RDP', 'WinRM']);
    expect(findings[0]?.evidence.cmdline).toBeUndefined();
    expect(findings[0]?.process?.cmdline).toBe('python3 spray.py');
  });

  it('stays quiet for one SSH session, two hosts, external hosts, inbound sessions and slow admin work', () => {
    const oneSession = ticks(30, 2000, () => ({ connections: [tcp('192.168.1.10:50000', '192.168.1.20:22', { process: proc(700, 'ssh') })] }));
    expect(allFindings(remoteServicesRule(), oneSession)).toEqual([]);

    const twoHosts = [
      makeSnapshot({
        connections: [
          tcp('192.168.1.10:50000', '192.168.1.20:22', { process: proc(700, 'ssh') }),
          tcp('192.168.1.10:50001', '192.168.1.21:22', { process: proc(701, 'ssh') }),
        ],
      }),
    ];
    expect(allFindings(remoteServicesRule(), twoHosts)).toEqual([]);

    const external = [
      makeSnapshot({ connections: [20, 21, 22].map((h) => tcp(`192.168.1.10:${50000 + h}`, `203.0.113.${h}:22`, { process: proc(700, 'ssh') })) }),
    ];
    expect(allFindings(remoteServicesRule(), external)).toEqual([]);

    const inbound = [
      makeSnapshot({
        connections: [20, 21, 22].map((h) => tcp('192.168.1.10:22', `192.168.1.${h}:${50000 + h}`, { direction: 'inbound', process: proc(1, 'sshd') })),
      }),
    ];
    expect(allFindings(remoteServicesRule(), inbound)).toEqual([]);

    // An admin's three terminals, each with one SSH session: three programs with different parents.
    const terminals = [
      makeSnapshot({
        connections: [20, 21, 22].map((h) => tcp(`192.168.1.10:${50000 + h}`, `192.168.1.${h}:22`, { process: proc(700 + h, 'ssh', { ppid: 600 + h }) })),
      }),
    ];
    expect(allFindings(remoteServicesRule(), terminals)).toEqual([]);

    // Three hosts, but 15 minutes apart: never three within the 10-minute window.
    const slow = [0, 1, 2].map((i) =>
      makeSnapshot({
        time: T0 + i * 15 * 60_000,
        connections: [tcp(`192.168.1.10:${50000 + i}`, `192.168.1.${20 + i}:22`, { process: proc(700 + i, 'ssh') })],
      }),
    );
    expect(severe(allFindings(remoteServicesRule(), slow))).toEqual([]);
  });

  it('counts an attempt once the peer answers, never probes to dead hosts, and leaves a scanner to network-scan', () => {
    const nmap = proc(900, 'nmap', { ppid: 1 });
    const attempt = (h: number, state: 'SYN_SENT' | 'ESTABLISHED') => tcp(`192.168.1.10:${50000 + h}`, `192.168.1.${h}:22`, { process: nmap, state });
    // Three dead hosts: SYN_SENT until the kernel gives up, then gone.
    const dead = ticks(20, 1000, (i) => ({ connections: i < 5 ? [30, 31, 32].map((h) => attempt(h, 'SYN_SENT')) : [] }));
    expect(allFindings(remoteServicesRule(), dead)).toEqual([]);
    // The same three, answered on the next tick: sessions.
    const answered = ticks(3, 1000, (i) => ({ connections: [30, 31, 32].map((h) => attempt(h, i === 0 ? 'SYN_SENT' : 'ESTABLISHED')) }));
    const perTick = runRule(remoteServicesRule(), answered);
    expect(perTick[0]).toEqual([]);
    expect(perTick[1]?.[0]).toMatchObject({ occurrences: 3, evidence: { hostCount: 3 } });
    // Answered, but network-scan already reports nmap as scanning: no lateral-movement alert.
    const rule = remoteServicesRule();
    const state = rule.createState();
    const homeNet = new HomeNet([]);
    const snapshot = makeSnapshot({ connections: [30, 31, 32].map((h) => attempt(h, 'ESTABLISHED')) });
    homeNet.setLocalAddresses(snapshot.localAddresses);
    const scan = { id: 'network-scan:out|nmap', ruleId: 'network-scan', lastSeen: T0, process: nmap, evidence: { direction: 'outbound' } } as unknown as Alert;
    expect(rule.evaluate(snapshot, state, { homeNet, now: T0, alerts: new Map([[scan.id, scan]]) })).toEqual([]);
  });

  it('groups unattributed short-lived sessions under an unknown process rather than losing them', () => {
    const findings = allFindings(remoteServicesRule(), [
      makeSnapshot({ connections: [20, 21, 22].map((h) => tcp(`192.168.1.10:${50000 + h}`, `192.168.1.${h}:23`, { state: 'TIME_WAIT' })) }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ key: '?', evidence: { processName: '', services: ['Telnet'] } });
  });
});

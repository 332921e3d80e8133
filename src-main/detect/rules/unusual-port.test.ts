import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/model';
import { HomeNet } from '../../../src-shared/net';
import { createEngine } from '../engine';
import { allFindings, makeSnapshot, proc, processInfo, T0, tcp } from '../test-support';
import { beaconingRule } from './beaconing';
import { unusualPortRule } from './unusual-port';

const HOST = '192.168.1.10';
const session = (port: number, name = 'agent', pid = 700, remote = '203.0.113.20') =>
  tcp(`${HOST}:${50_000 + (port % 10_000)}`, `${remote}:${port}`, { process: proc(pid, name, { ppid: 600 }) });

describe('unusual-port rule (T1571 beyond the known-bad list)', () => {
  it('rates an unassigned port MEDIUM and an obscure registered one LOW, naming the IANA service', () => {
    const findings = allFindings(unusualPortRule(), [makeSnapshot({ connections: [session(55555), session(9999, 'agent', 701)] })]);
    const byPort = new Map(findings.map((f) => [f.evidence.port, f]));
    expect(byPort.get(55555)).toMatchObject({ severity: 'MEDIUM', key: 'agent|203.0.113.20:55555', destination: { address: '203.0.113.20', port: 55555 } });
    expect(byPort.get(55555)?.evidence).toMatchObject({ portService: '55555/tcp (no IANA service)', portClass: 'unassigned', shellInLineage: null });
    expect(byPort.get(9999)).toMatchObject({ severity: 'LOW' });
    expect(byPort.get(9999)?.evidence.portService).toBe('9999/tcp (distinct)');
  });

  it('stays quiet for common ports, browsers, internal hosts, inbound sessions and known-bad ports', () => {
    const quiet = [
      session(443),
      session(8443),
      session(22),
      session(993),
      session(5222),
      session(40000, 'firefox'),
      session(40000, 'chromium-browse'),
      session(40000, 'agent', 700, '192.168.1.50'),
      session(40000, 'agent', 700, '127.0.0.1'),
      tcp(`${HOST}:40000`, '203.0.113.9:51515', { direction: 'inbound', process: proc(5, 'server') }),
      session(4444),
      session(31337),
    ];
    expect(allFindings(unusualPortRule(), [makeSnapshot({ connections: quiet })])).toEqual([]);
  });

  it('ignores UDP unless asked (real-time media uses arbitrary UDP ports)', () => {
    const media = tcp(`${HOST}:50001`, '203.0.113.7:40001', { protocol: 'udp', process: proc(9, 'zoom') });
    expect(allFindings(unusualPortRule(), [makeSnapshot({ connections: [media] })])).toEqual([]);
    expect(allFindings(unusualPortRule({ protocols: ['tcp', 'udp'] }), [makeSnapshot({ connections: [media] })])).toHaveLength(1);
  });

  it('escalates one level for a shell in the lineage: nc under bash to 55555 is HIGH, to 9999 MEDIUM', () => {
    const processes = [processInfo(600, 1, 'sshd'), processInfo(650, 600, 'bash'), processInfo(700, 650, 'nc')];
    const nc = (port: number) => tcp(`${HOST}:5${port % 10_000}`, `203.0.113.20:${port}`, { process: proc(700, 'nc', { ppid: 650 }) });
    const findings = allFindings(unusualPortRule(), [makeSnapshot({ processes, connections: [nc(55555), nc(9999)] })]);
    expect(findings.map((f) => [f.evidence.port, f.severity, f.evidence.shellInLineage])).toEqual([
      [55555, 'HIGH', 'bash (pid 650)'],
      [9999, 'MEDIUM', 'bash (pid 650)'],
    ]);
  });

  it('looks only lineageDepth levels up, and counts a shell making the connection itself', () => {
    const processes = [processInfo(10, 1, 'bash'), processInfo(11, 10, 'a'), processInfo(12, 11, 'b'), processInfo(13, 12, 'c'), processInfo(14, 13, 'agent')];
    const deep = tcp(`${HOST}:50100`, '203.0.113.20:55555', { process: proc(14, 'agent', { ppid: 13 }) });
    expect(allFindings(unusualPortRule(), [makeSnapshot({ processes, connections: [deep] })])[0]?.severity).toBe('MEDIUM');
    expect(allFindings(unusualPortRule({ lineageDepth: 4 }), [makeSnapshot({ processes, connections: [deep] })])[0]?.severity).toBe('HIGH');
    const devTcp = tcp(`${HOST}:50101`, '203.0.113.20:9999', { process: proc(10, 'bash', { ppid: 1 }) });
    expect(allFindings(unusualPortRule(), [makeSnapshot({ processes, connections: [devTcp] })])[0]?.evidence.shellInLineage).toBe('bash (pid 10, itself)');
  });

  it("escalates when another rule's alert joins: a beacon on the same endpoint (engine run)", () => {
    // One short connection every 3 s to 203.0.113.20:9999 (LOW alone): the beacon rule's alert raises it.
    const engine = createEngine([beaconingRule(), unusualPortRule()]);
    const changed: Alert[] = [];
    const beat = (i: number, now: number) => {
      const start = i * 3000;
      const local = `${HOST}:${51000 + i}`;
      return now - T0 < start + 1000
        ? tcp(local, '203.0.113.20:9999', { inode: 900_000 + i, process: proc(700, 'agent') })
        : tcp(local, '203.0.113.20:9999', { state: 'TIME_WAIT', inode: 0, closedAt: T0 + start + 20 });
    };
    for (let t = 0; t <= 60_000; t += 1000) {
      const now = T0 + t + 10;
      const beats = Array.from({ length: Math.floor(t / 3000) + 1 }, (_, i) => beat(i, now));
      changed.push(...engine.evaluate(makeSnapshot({ time: now, connections: beats })));
    }
    const beacon = engine.alerts().find((a) => a.techniqueId === 'T1071');
    const port = engine.alerts().find((a) => a.ruleId === 'unusual-port');
    expect(beacon).toBeDefined();
    expect(port?.severity).toBe('MEDIUM');
    expect(String(port?.evidence.joinedAlerts)).toMatch(/T1071 beaconing/);
    expect(changed.find((a) => a.ruleId === 'unusual-port')?.severity).toBe('LOW');
  });

  it('escalates when an alert names the same process (download-and-run, reverse shell)', () => {
    const rule = unusualPortRule();
    const alert = {
      id: 'x',
      ruleId: 'download-exec',
      techniqueId: 'T1105',
      severity: 'HIGH',
      title: 'runs from /tmp',
      description: '',
      firstSeen: T0,
      lastSeen: T0,
      count: 1,
      process: proc(700, 'agent'),
      evidence: {},
    } satisfies Alert;
    const context = { homeNet: new HomeNet([]), now: T0, alerts: new Map([['x', alert]]) };
    const snapshot = makeSnapshot({ connections: [session(55555)] });
    context.homeNet.setLocalAddresses(snapshot.localAddresses);
    const [finding] = rule.evaluate(snapshot, rule.createState(), context);
    expect(finding?.severity).toBe('HIGH');
    expect(finding?.evidence.joinedAlerts).toEqual(['T1105 download-exec: runs from /tmp']);
  });

  it('folds several connections of one tick to one endpoint into one finding', () => {
    const a = session(55555);
    const b = tcp(`${HOST}:50999`, '203.0.113.20:55555', { process: proc(700, 'agent') });
    const findings = allFindings(unusualPortRule(), [makeSnapshot({ connections: [a, b] })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.occurrences).toBe(2);
  });
});

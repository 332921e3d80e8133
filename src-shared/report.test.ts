import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Alert, SnapshotView } from './model';
import { buildReport, riskLevel, type ReportInput } from './report';
import { REPORT_SCHEMA } from './report-schema';

const validate = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA);

function alert(overrides: Partial<Alert>): Alert {
  return {
    id: 'non-standard-port:4444',
    ruleId: 'non-standard-port',
    techniqueId: 'T1571',
    severity: 'HIGH',
    title: 'Connection to a known-bad port',
    description: 'nc connected to 10.0.0.5:4444 (Metasploit default)',
    firstSeen: Date.UTC(2026, 10, 24, 12, 0, 0),
    lastSeen: Date.UTC(2026, 10, 24, 12, 0, 10),
    count: 3,
    destination: { address: '10.0.0.5', port: 4444 },
    process: { pid: 42, name: 'nc', exe: '/usr/bin/nc.openbsd' },
    evidence: { port: 4444, reason: 'Metasploit default' },
    ...overrides,
  };
}

const snapshot: SnapshotView = {
  time: Date.UTC(2026, 10, 24, 12, 0, 10),
  hostname: 'lab',
  platform: 'linux',
  connections: Array.from({ length: 120 }, (_, i) => ({
    protocol: 'tcp' as const,
    family: 4 as const,
    state: 'ESTABLISHED' as const,
    localAddress: '127.0.0.1',
    localPort: 40000 + i,
    remoteAddress: '127.0.0.1',
    remotePort: 8080,
    inode: 1000 + i,
    direction: 'local' as const,
  })),
  listening: [{ protocol: 'tcp', family: 6, address: '::', port: 22, inode: 77, process: { pid: 1, name: 'sshd' } }],
  arp: [{ ip: '10.0.0.1', mac: '52:54:00:12:34:56', iface: 'eth0', state: 'REACHABLE' }],
  gateway: { ip: '10.0.0.1', iface: 'eth0', mac: '52:54:00:12:34:56' },
  dnsResolvers: ['10.0.0.1'],
  interfaces: [],
  system: { cpuPercent: 12.5, memUsedBytes: 1e9, memTotalBytes: 8e9, netRxRate: 100, netTxRate: 50, netErrors: 0, netDrops: 0 },
  coverage: [],
};

function input(alerts: Alert[]): ReportInput {
  return {
    tool: { name: 'NetSentinel', version: '0.1.0' },
    hostname: 'lab',
    os: 'Linux 6.1 (linux/x64)',
    generatedAt: Date.UTC(2026, 10, 24, 12, 1, 0),
    startedAt: Date.UTC(2026, 10, 24, 12, 0, 0),
    endedAt: Date.UTC(2026, 10, 24, 12, 0, 30),
    intervalSec: 2,
    ticks: 15,
    alerts,
    lastSnapshot: snapshot,
    coverage: [{ source: 'sockets', message: 'owner unknown for 3 sockets', hint: 'run elevated' }],
  };
}

describe('riskLevel (the prototype rule)', () => {
  it.each([
    [{ CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 0 }, 'CRITICAL'],
    [{ CRITICAL: 0, HIGH: 3, MEDIUM: 0, LOW: 0 }, 'HIGH'],
    [{ CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 0 }, 'MEDIUM'],
    [{ CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0 }, 'MEDIUM'],
    [{ CRITICAL: 0, HIGH: 0, MEDIUM: 3, LOW: 9 }, 'LOW'],
    [{ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 9 }, 'CLEAN'],
  ] as const)('%o → %s', (counts, level) => expect(riskLevel(counts)).toBe(level));
});

describe('buildReport', () => {
  it('produces a schema-valid report with every connection, not the first 50', () => {
    const report = buildReport(
      input([
        alert({}),
        alert({ id: 'reverse-shell:9', ruleId: 'reverse-shell', techniqueId: 'T1059.004', severity: 'CRITICAL', firstSeen: Date.UTC(2026, 10, 24, 12, 0, 5) }),
      ]),
    );
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.network_state.active_connections).toHaveLength(120);
    expect(report.executive_summary.active_connections).toBe(120);
    expect(report.report_metadata.duration).toBe(30);
  });

  it('lists each process once; connections and listening ports keep pid, name and exe', () => {
    const owner = { pid: 7, name: 'curl', exe: '/usr/bin/curl', cmdline: 'curl -T big.iso https://x', ppid: 1, user: 'ann' };
    const connections = snapshot.connections.slice(0, 3).map((c) => ({ ...c, process: owner }));
    const listening = [{ protocol: 'udp' as const, family: 4 as const, address: '0.0.0.0', port: 5353, inode: 9, process: owner }];
    const slim = { pid: 7, name: 'curl', exe: '/usr/bin/curl' };
    const all = buildReport({ ...input([]), lastSnapshot: { ...snapshot, connections, listening }, commandLines: 'all' });
    expect(validate(all), JSON.stringify(validate.errors)).toBe(true);
    expect(all.network_state.processes).toEqual([owner]);
    expect(all.network_state.active_connections.map((c) => c.process)).toEqual([slim, slim, slim]);
    expect(all.network_state.listening_ports.map((l) => l.process)).toEqual([slim]);
  });

  it('keeps command lines only of processes in alerts unless asked for all', () => {
    const owner = { pid: 7, name: 'curl', exe: '/usr/bin/curl', cmdline: 'curl -T big.iso https://x' };
    const shell = { pid: 9, name: 'bash', cmdline: 'bash -i' };
    const connections = [
      { ...snapshot.connections[0]!, process: owner },
      { ...snapshot.connections[1]!, process: shell },
    ];
    const report = buildReport({ ...input([alert({ process: shell })]), lastSnapshot: { ...snapshot, connections, listening: [] } });
    expect(report.network_state.processes).toEqual([{ pid: 7, name: 'curl', exe: '/usr/bin/curl' }, shell]);
    expect(report.threat_events[0]?.process).toEqual({ pid: 9, name: 'bash', exe: null });
  });

  it('reports dropped alerts in coverage with their count', () => {
    const report = buildReport({ ...input([]), alertsDropped: 1234 });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.coverage.find((c) => c.source === 'alerts')).toMatchObject({ count: 1234 });
    expect(buildReport(input([])).coverage.some((c) => c.source === 'alerts')).toBe(false);
  });

  it('orders events by severity, maps tactics from the catalog and summarises them', () => {
    const report = buildReport(
      input([
        alert({}),
        alert({ id: 'dns:1', ruleId: 'dns', techniqueId: 'T1071.004', severity: 'MEDIUM' }),
        alert({ id: 'arp:1', ruleId: 'arp', techniqueId: 'T1557.002', severity: 'CRITICAL' }),
      ]),
    );
    expect(report.threat_events.map((e) => e.severity)).toEqual(['CRITICAL', 'HIGH', 'MEDIUM']);
    expect(report.threat_events[0]?.mitre).toEqual({
      technique_id: 'T1557.002',
      technique: 'Adversary-in-the-Middle: ARP Cache Poisoning',
      tactics: ['Credential Access', 'Collection'],
      url: 'https://attack.mitre.org/techniques/T1557/002/',
    });
    expect(report.executive_summary.by_mitre_tactic).toEqual({ 'Credential Access': 1, Collection: 1, 'Command and Control': 2 });
    expect(report.executive_summary.by_technique).toEqual({ T1571: 1, 'T1071.004': 1, 'T1557.002': 1 });
    expect(report.executive_summary.risk_level).toBe('CRITICAL');
    expect(report.recommendations.map((r) => r.technique_id)).toEqual(['T1557.002', 'T1571', 'T1071.004']);
  });

  it('keeps suppressed alerts as events but counts totals, risk and recommendations from active ones only', () => {
    const suppressedBy = { technique: 'T1557.002', reason: 'lab gateway swap' };
    const report = buildReport(
      input([alert({}), alert({ id: 'arp:1', ruleId: 'arp', techniqueId: 'T1557.002', severity: 'CRITICAL', status: 'suppressed', suppressedBy })]),
    );
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.threat_events.map((e) => [e.id, e.status, e.suppressed_by])).toEqual([
      ['arp:1', 'suppressed', suppressedBy],
      ['non-standard-port:4444', 'active', null],
    ]);
    expect(report.executive_summary).toMatchObject({
      total_threats: 1,
      suppressed: 1,
      by_severity: { CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0 },
      by_technique: { T1571: 1 },
      risk_level: 'MEDIUM',
    });
    expect(report.recommendations.map((r) => r.technique_id)).toEqual(['T1571']);
  });

  it('is valid for a session that never ticked', () => {
    const report = buildReport({ ...input([]), lastSnapshot: undefined, startedAt: undefined, endedAt: undefined, ticks: 0 });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.executive_summary.risk_level).toBe('CLEAN');
    expect(report.network_state.gateway).toBeNull();
  });

  it('rejects a report whose technique URL or severity is wrong (the schema can fail)', () => {
    const report = buildReport(input([alert({})]));
    const broken = structuredClone(report);
    (broken.threat_events[0] as { severity: string }).severity = 'SEVERE';
    expect(validate(broken)).toBe(false);
  });
});

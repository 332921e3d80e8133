import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Alert, Connection, SnapshotView } from './model';
import type { ReportInput } from './report';
import { MIN_REPORT_BUDGET_BYTES, buildBudgetedReport } from './report-budget';
import { REPORT_SCHEMA } from './report-schema';

const validate = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA);
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

function alert(i: number, severity: Alert['severity'], text = ''): Alert {
  return {
    id: `rule:${i}`,
    ruleId: 'rule',
    techniqueId: 'T1571',
    severity,
    title: `alert ${i}${text}`,
    description: `d${text}`,
    firstSeen: T0,
    lastSeen: T0 + i,
    count: 1,
    process: { pid: i, name: 'p' },
    evidence: { note: text },
  };
}

function connection(i: number, cmdline: string): Connection {
  return {
    protocol: 'udp',
    family: 4,
    state: 'UNCONN',
    localAddress: '127.0.0.1',
    localPort: 1024 + i,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    inode: i + 1,
    direction: 'local',
    process: { pid: 1000 + i, name: 'x', cmdline },
  };
}

function input(alerts: Alert[], connections: Connection[]): ReportInput {
  const snapshot: SnapshotView = {
    time: T0,
    hostname: 'lab',
    platform: 'linux',
    connections,
    listening: [],
    arp: [],
    dnsResolvers: [],
    interfaces: [],
    system: { cpuPercent: 1, memUsedBytes: 1, memTotalBytes: 2, netRxRate: 0, netTxRate: 0, netErrors: 0, netDrops: 0 },
    coverage: [],
  };
  return {
    tool: { name: 'NetSentinel', version: '0.1.0' },
    hostname: 'lab',
    os: 'Linux',
    generatedAt: T0 + 60_000,
    startedAt: T0,
    endedAt: T0 + 60_000,
    intervalSec: 2,
    ticks: 30,
    alerts,
    lastSnapshot: snapshot,
    coverage: [],
    commandLines: 'all',
  };
}

describe('buildBudgetedReport', () => {
  it('writes the full report when it fits', () => {
    const out = buildBudgetedReport(input([alert(1, 'CRITICAL')], [connection(1, 'nc -u')]));
    expect(out.detail).toBe('full');
    expect(validate(JSON.parse(out.text)), JSON.stringify(validate.errors)).toBe(true);
    expect(out.bytes).toBe(new TextEncoder().encode(out.text).length);
  });

  it('trims lists and host text when the full report is over budget, keeping the summary counts', () => {
    const big = 'é'.repeat(8_000); // 16 kB each in UTF-8, 300 owners: ~4.8 MB
    const out = buildBudgetedReport(
      input(
        [alert(1, 'CRITICAL')],
        Array.from({ length: 300 }, (_, i) => connection(i, big)),
      ),
      MIN_REPORT_BUDGET_BYTES,
    );
    expect(out.detail).toBe('trimmed');
    expect(out.bytes).toBeLessThanOrEqual(MIN_REPORT_BUDGET_BYTES);
    expect(new TextEncoder().encode(out.text).length).toBe(out.bytes);
    const report = JSON.parse(out.text);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.executive_summary.active_connections).toBe(300);
    expect(report.network_state.processes.find((p: { pid: number }) => p.pid === 1000).cmdline).toMatch(/…\[cut \d+ bytes\]$/);
    expect(report.coverage.at(-1)).toMatchObject({ source: 'report' });
  });

  it('falls back to a minimal report that keeps the CRITICAL events first when even trimming is not enough', () => {
    const text = 'x'.repeat(1_000);
    const alerts = [...Array.from({ length: 5_000 }, (_, i) => alert(i, 'LOW', text)), alert(99_999, 'CRITICAL', text)];
    const out = buildBudgetedReport(input(alerts, []), MIN_REPORT_BUDGET_BYTES);
    expect(out.detail).toBe('minimal');
    expect(out.bytes).toBeLessThanOrEqual(MIN_REPORT_BUDGET_BYTES);
    const report = JSON.parse(out.text);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.executive_summary.total_threats).toBe(5_001);
    expect(report.executive_summary.risk_level).toBe('CRITICAL');
    expect(report.threat_events[0]).toMatchObject({ id: 'rule:99999', severity: 'CRITICAL' });
  });
});

import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src-shared/model';
import { capturedInput, capturedModel } from './captured-input.test-helper';
import { connectionsByInterest, interestScore } from './connection-rows';
import { listeningRows } from './listening-rows';
import { MetricsHistory } from './metrics-history';

describe('DashboardModelBuilder on a captured session', () => {
  const model = capturedModel();

  it('puts the connection to the known-bad port first, marked, and named by the alert', () => {
    const first = model.connections.slice(0, 1)[0];
    expect(first?.connection.remotePort).toBe(4444);
    expect(first?.knownBad).toMatch(/Metasploit/);
    expect(first?.alerted).toBe(true);
    expect(model.connections).toHaveLength(capturedInput().snapshot.connections.length);
  });

  it('lists alerts newest first with their ATT&CK ids, and the header counts them', () => {
    expect(model.alerts.map((a) => a.techniqueId)).toEqual(['T1571', 'T1571']);
    expect(model.header.risk).toBe('MEDIUM'); // two HIGH alerts: the prototype's rule (src-shared/report.ts)
    expect(model.header.counts.HIGH).toBe(2);
    expect(model.header.connections).toBe(capturedInput().batch.totals.connections);
  });

  it('flags the risky listener with the catalogue reason, first', () => {
    expect(model.listening.slice(0, 1)[0]?.port.port).toBe(4444);
    expect(model.listening.slice(0, 1)[0]?.risky).toMatch(/Metasploit/);
  });

  it('gathers CLI notes, collector coverage and tick warnings for the coverage panel', () => {
    const withNotes = capturedModel({ notes: ['warning: syslog unreachable'] });
    expect(withNotes.coverage[0]).toEqual({ source: 'netsentinel', text: 'warning: syslog unreachable' });
    expect(withNotes.coverage.length).toBe(1 + capturedInput().snapshot.coverage.length + capturedInput().batch.warnings.length);
  });
});

describe('connection interest', () => {
  const base: Connection = {
    protocol: 'tcp',
    family: 4,
    state: 'ESTABLISHED',
    localAddress: '10.0.0.2',
    localPort: 50000,
    remoteAddress: '10.0.0.9',
    remotePort: 443,
    inode: 1,
    direction: 'outbound',
  };

  it('ranks known-bad over alerted over external over alive', () => {
    const rows = connectionsByInterest(
      [
        { ...base, state: 'TIME_WAIT' },
        { ...base, remoteAddress: '8.8.8.8' },
        { ...base, remotePort: 6667 },
        { ...base, process: { pid: 7, name: 'curl' } },
        base,
      ],
      [
        {
          id: 'x',
          ruleId: 'x',
          techniqueId: 'T1071',
          severity: 'LOW',
          title: '',
          description: '',
          firstSeen: 0,
          lastSeen: 0,
          count: 1,
          evidence: {},
          process: { pid: 7, name: 'curl' },
        },
      ],
      (a) => a === '8.8.8.8',
    ).slice();
    expect(rows.map((r) => r.score)).toEqual([9, 5, 3, 1, 0]);
    expect(rows[0]?.connection.remotePort).toBe(6667);
    expect(interestScore({ connection: base, external: false, alerted: false })).toBe(1);
  });

  it('ignores suppressed alerts when marking connections', () => {
    const rows = connectionsByInterest(
      [{ ...base, process: { pid: 7, name: 'curl' } }],
      [
        {
          id: 'x',
          ruleId: 'x',
          techniqueId: 'T1071',
          severity: 'LOW',
          title: '',
          description: '',
          firstSeen: 0,
          lastSeen: 0,
          count: 1,
          evidence: {},
          process: { pid: 7, name: 'curl' },
          status: 'suppressed',
        },
      ],
      () => false,
    ).slice();
    expect(rows[0]?.alerted).toBe(false);
  });
});

describe('listeningRows', () => {
  it('sorts risky, then wildcard, then by port', () => {
    const port = (p: number, address = '127.0.0.1') => ({ protocol: 'tcp' as const, family: 4 as const, address, port: p, inode: p });
    const rows = listeningRows([port(8080), port(22, '0.0.0.0'), port(6379), port(53)]).slice();
    expect(rows.map((r) => r.port.port)).toEqual([6379, 22, 53, 8080]);
    expect(rows[1]?.wildcard).toBe(true);
  });
});

describe('MetricsHistory', () => {
  it('keeps the newest samples and turns cumulative fault counters into per-tick increases', () => {
    const history = new MetricsHistory(3);
    for (const [i, faults] of [
      [0, 5],
      [1, 7],
      [2, 7],
      [3, 10],
    ] as const) {
      history.add({ cpuPercent: i * 10, memUsedBytes: 50, memTotalBytes: 100, netRxRate: 0, netTxRate: 0, netErrors: faults, netDrops: 0 });
    }
    const series = history.series();
    expect(series.cpuPercent).toEqual([10, 20, 30]);
    expect(series.memPercent).toEqual([50, 50, 50]);
    expect(series.faults).toEqual([0, 3]);
    expect(series.latest?.cpuPercent).toBe(30);
  });
});

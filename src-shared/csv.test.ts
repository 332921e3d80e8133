import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv, neutraliseFormula } from './csv';
import { ALERT_CSV_COLUMNS, CONNECTION_CSV_COLUMNS } from './csv-tables';
import type { Alert, Connection } from './model';

const hostile = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', 'a,b', 'quote "here"', 'multi\nline', 'plain'];

function readBack(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return parse(csv, { bom: true, relax_column_count: false }) as string[][];
}

describe('toCsv', () => {
  it('round-trips hostile cells through a CSV parser, formulas neutralised', () => {
    const rows = hostile.map((text, i) => ({ text, n: i - 1 }));
    type Row = { text: string; n: number };
    const csv = toCsv<Row>(
      [
        { header: 'Text', value: (r) => r.text },
        { header: 'N', value: (r) => r.n },
      ],
      rows,
    );
    const parsed = readBack(csv);
    expect(parsed[0]).toEqual(['Text', 'N']);
    expect(parsed.slice(1).map((r) => r[0])).toEqual([
      '\'=HYPERLINK("http://evil","x")',
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTAB",
      'a,b',
      'quote "here"',
      'multi\nline',
      'plain',
    ]);
    expect(parsed.slice(1).map((r) => r[1])).toEqual(['-1', '0', '1', '2', '3', '4', '5', '6', '7']);
    expect(csv).toContain('\r\n');
  });

  it('neutralises only text that would start a formula', () => {
    expect(neutraliseFormula('=1')).toBe("'=1");
    expect(neutraliseFormula('a=1')).toBe('a=1');
  });

  it('writes the connections and alert columns the views show', () => {
    const connection: Connection = {
      protocol: 'tcp',
      family: 6,
      state: 'ESTABLISHED',
      localAddress: '::1',
      localPort: 5000,
      remoteAddress: '::1',
      remotePort: 40000,
      inode: 1,
      direction: 'local',
      process: { pid: 7, name: '=cmd|calc' },
      bytesSent: 10,
    };
    const external: Connection = {
      ...connection,
      family: 4,
      localAddress: '192.168.1.5',
      remoteAddress: '8.8.8.8',
      remotePort: 443,
      direction: 'outbound',
      process: { pid: 8, name: 'curl' },
      remoteGeo: { country: 'US', asn: 15169, asOrg: '-Google, "LLC"' },
    };
    const [header, row, externalRow] = readBack(toCsv(CONNECTION_CSV_COLUMNS, [connection, external]));
    expect(header).toEqual([
      'Process',
      'PID',
      'Proto',
      'Local',
      'Remote',
      'Service',
      'Country',
      'AS',
      'State',
      'Direction',
      'Sent (bytes)',
      'Received (bytes)',
    ]);
    expect(row).toEqual(["'=cmd|calc", '7', 'tcp6', '[::1]:5000', '[::1]:40000', 'commplex-main', '', '', 'ESTABLISHED', 'local', '10', '']);
    expect(externalRow).toEqual([
      'curl',
      '8',
      'tcp',
      '192.168.1.5:5000',
      '8.8.8.8:443',
      'https',
      'US',
      'AS15169 -Google, "LLC"',
      'ESTABLISHED',
      'outbound',
      '10',
      '',
    ]);
    const alert: Alert = {
      id: 'a',
      ruleId: 'r',
      techniqueId: 'T1046',
      severity: 'HIGH',
      title: '@scan',
      description: '',
      firstSeen: 0,
      lastSeen: 1000,
      count: 2,
      source: { address: '10.0.0.66' },
      evidence: {},
    };
    const [, alertRow] = readBack(toCsv(ALERT_CSV_COLUMNS, [alert]));
    expect(alertRow).toEqual([
      'HIGH',
      'T1046',
      "'@scan",
      '',
      '',
      '10.0.0.66',
      '',
      '',
      '',
      '',
      '2',
      '1970-01-01T00:00:00.000Z',
      '1970-01-01T00:00:01.000Z',
      'active',
      'r',
    ]);
  });
});

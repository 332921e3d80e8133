import { describe, expect, it } from 'vitest';
import type { Alert, Connection, ListeningPort, SnapshotView } from '../../src-shared/model';
import { emptyAppUsage, foldAppUsage } from '../store/app-usage';
import { MAX_PORTS_PER_APP, appChart, buildAppRows, sortAppRows } from './apps-view';

const T0 = 1_795_982_640_000;

function conn(port: number, exe: string, sent: number, over: Partial<Connection> = {}): Connection {
  return {
    protocol: 'tcp',
    family: 4,
    state: 'ESTABLISHED',
    localAddress: '192.168.1.5',
    localPort: port,
    remoteAddress: '8.8.8.8',
    remotePort: 443,
    inode: port,
    direction: 'outbound',
    process: { pid: port, name: exe.split('/').at(-1) ?? exe, exe },
    bytesSent: sent,
    bytesReceived: sent * 10,
    ...over,
  };
}

const listen = (port: number, exe: string): ListeningPort => ({
  protocol: 'tcp',
  family: 4,
  address: '0.0.0.0',
  port,
  inode: port,
  process: { pid: 1, name: 'sshd', exe },
});

function snapshotOf(connections: Connection[], listening: ListeningPort[]): SnapshotView {
  return {
    time: T0,
    hostname: 'h',
    platform: 'linux',
    dnsResolvers: [],
    interfaces: [],
    coverage: [],
    system: {} as SnapshotView['system'],
    connections,
    listening,
    arp: [],
  };
}

const alert = (exe: string, severity: Alert['severity']): Alert => ({
  id: `r:${exe}:${severity}`,
  ruleId: 'r',
  techniqueId: 'T1571',
  severity,
  title: 't',
  description: '',
  firstSeen: T0,
  lastSeen: T0,
  count: 1,
  evidence: {},
  process: { pid: 1, name: exe.split('/').at(-1) ?? exe, exe },
});

describe('the Apps view model', () => {
  const curlA = conn(1, '/usr/bin/curl', 100, { remoteGeo: { country: 'US' } });
  const curlB = conn(2, '/usr/bin/curl', 50, { remoteAddress: '193.0.6.139', remoteGeo: { country: 'NL' } });
  const usage = [[], [curlA, curlB]].reduce((u, changed, i) => foldAppUsage(u, { changed, removed: [], count: 99 }, T0 + i * 2000), emptyAppUsage());
  const snapshot = snapshotOf([curlA], [listen(22, '/usr/sbin/sshd'), listen(2222, '/usr/sbin/sshd')]);

  it('joins session usage, current connections, listening ports and alerts per executable', () => {
    const rows = buildAppRows(usage, snapshot, [alert('/usr/bin/curl', 'LOW'), alert('/usr/bin/curl', 'HIGH'), alert('/usr/sbin/sshd', 'MEDIUM')]);
    const curl = rows.find((r) => r.key === '/usr/bin/curl');
    expect(curl).toMatchObject({
      name: 'curl',
      connectionsNow: 1,
      remoteHosts: 2,
      countries: ['US', 'NL'],
      bytesSent: 150,
      bytesReceived: 1500,
      firstSeen: T0 + 2000,
      alerts: 2,
      worstSeverity: 'HIGH',
    });
    const sshd = rows.find((r) => r.key === '/usr/sbin/sshd');
    expect(sshd).toMatchObject({ connectionsNow: 0, listeningPorts: [22, 2222], alerts: 1, worstSeverity: 'MEDIUM' });
    expect(sshd?.firstSeen).toBeUndefined();
  });

  it('sorts busiest first by default and by any column both ways, unknowns last', () => {
    const rows = buildAppRows(usage, snapshot, []);
    expect(sortAppRows(rows, undefined).map((r) => r.name)).toEqual(['curl', 'sshd']);
    expect(sortAppRows(rows, { column: 'listening', descending: true }).map((r) => r.name)).toEqual(['sshd', 'curl']);
    expect(sortAppRows(rows, { column: 'firstSeen', descending: false }).map((r) => r.name)).toEqual(['curl', 'sshd']);
    expect(sortAppRows(rows, { column: 'name', descending: true }).map((r) => r.name)).toEqual(['sshd', 'curl']);
  });

  it('bounds the listening ports of one app', () => {
    const ports = Array.from({ length: MAX_PORTS_PER_APP + 20 }, (_, i) => listen(10_000 + i, '/tmp/x'));
    expect(buildAppRows(emptyAppUsage(), snapshotOf([], ports), [])[0]?.listeningPorts).toHaveLength(MAX_PORTS_PER_APP);
  });

  it('charts bytes per tick of the busiest apps under safe keys (executables may hold dots or be called "time")', () => {
    const odd = conn(3, 'time', 500);
    const more = foldAppUsage(usage, { changed: [odd], removed: [], count: 99 }, T0 + 4000);
    const chart = appChart(more, 5);
    expect(chart.apps.map((a) => [a.name, a.dataKey])).toEqual([
      ['time', 'app0'],
      ['curl', 'app1'],
    ]);
    expect(chart.points).toEqual([
      { time: T0, app0: 0, app1: 0 },
      { time: T0 + 2000, app0: 0, app1: 1650 },
      { time: T0 + 4000, app0: 5500, app1: 0 },
    ]);
  });
});

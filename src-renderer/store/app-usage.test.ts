import { describe, expect, it } from 'vitest';
import { connectionId } from '../../src-shared/batch';
import type { Connection, TableDelta } from '../../src-shared/model';
import { MAX_APPS, MAX_HOSTS_PER_APP, USAGE_SERIES_CAPACITY, emptyAppUsage, foldAppUsage, type AppUsage } from './app-usage';
import { capturedBatches } from './fixtures/captured';

const T0 = 1_795_982_640_000;

function conn(port: number, exe: string, sent: number, received: number, over: Partial<Connection> = {}): Connection {
  return {
    protocol: 'tcp',
    family: 4,
    state: 'ESTABLISHED',
    localAddress: '192.168.1.5',
    localPort: port,
    remoteAddress: '93.184.216.34',
    remotePort: 443,
    inode: port,
    direction: 'outbound',
    process: { pid: port, name: exe.split('/').at(-1) ?? exe, exe },
    bytesSent: sent,
    bytesReceived: received,
    ...over,
  };
}

const delta = (changed: Connection[], removed: string[] = [], count = changed.length + 1000): TableDelta<Connection> => ({ changed, removed, count });

function fold(steps: TableDelta<Connection>[]): AppUsage {
  return steps.reduce((usage, step, i) => foldAppUsage(usage, step, T0 + i * 2000), emptyAppUsage());
}

describe('foldAppUsage', () => {
  it('takes connections already open at the first batch as the baseline and counts only what follows', () => {
    const usage = fold([delta([conn(1, '/usr/bin/curl', 500, 9000)]), delta([conn(1, '/usr/bin/curl', 800, 9500)])]);
    expect(usage.apps.get('/usr/bin/curl')).toMatchObject({ name: 'curl', bytesSent: 300, bytesReceived: 500, firstSeen: T0, remoteHosts: ['93.184.216.34'] });
  });

  it('counts a connection opened during the session from zero, and keeps its bytes after it closes', () => {
    const later = conn(2, '/usr/bin/wget', 100, 2000, { remoteGeo: { country: 'US', asn: 15133 } });
    const usage = fold([delta([]), delta([later]), delta([conn(2, '/usr/bin/wget', 150, 2600)]), delta([], [connectionId(later)])]);
    expect(usage.apps.get('/usr/bin/wget')).toMatchObject({ bytesSent: 150, bytesReceived: 2600, firstSeen: T0 + 2000, countries: ['US'] });
    expect(usage.open.size).toBe(0);
    expect(usage.series.map((p) => p.bytes['/usr/bin/wget'] ?? 0)).toEqual([0, 2100, 650, 0]);
  });

  it('treats a counter that went down as a new socket reusing the id', () => {
    const usage = fold([delta([]), delta([conn(3, '/bin/nc', 1000, 0)]), delta([conn(3, '/bin/nc', 10, 0)])]);
    expect(usage.apps.get('/bin/nc')?.bytesSent).toBe(1010);
  });

  it('closes every open connection a restating batch (catch-up) leaves out', () => {
    const a = conn(4, '/usr/bin/a', 1, 1);
    const b = conn(5, '/usr/bin/b', 1, 1);
    const usage = fold([delta([a, b], [], 2), delta([a], [], 1)]);
    expect([...usage.open.keys()]).toEqual([connectionId(a)]);
  });

  it('groups by executable, falls back to the name, and skips sockets without an owner', () => {
    const usage = fold([
      delta([]),
      delta([
        conn(6, '/opt/x/python3', 1, 0),
        conn(7, '/usr/bin/python3', 2, 0),
        conn(8, '', 3, 0, { process: { pid: 8, name: 'kworker' } }),
        conn(9, '', 4, 0, { process: undefined }),
      ]),
    ]);
    expect([...usage.apps.keys()].sort()).toEqual(['/opt/x/python3', '/usr/bin/python3', 'kworker']);
  });

  it('stays bounded whatever the host throws at it: apps, hosts per app, series', () => {
    const many = Array.from({ length: MAX_APPS + 50 }, (_, i) => conn(10_000 + i, `/tmp/evil-${i}`, i + 1, 0));
    const hosts = Array.from({ length: MAX_HOSTS_PER_APP + 10 }, (_, i) => conn(20_000 + i, '/usr/bin/scanner', 1, 0, { remoteAddress: `198.51.100.${i}` }));
    let usage = fold([delta([]), delta(many), delta(hosts)]);
    expect(usage.apps.size).toBe(MAX_APPS);
    expect(usage.apps.get('/usr/bin/scanner')).toMatchObject({ moreHosts: 10 });
    expect(usage.apps.get('/usr/bin/scanner')?.remoteHosts).toHaveLength(MAX_HOSTS_PER_APP);
    for (let i = 0; i < USAGE_SERIES_CAPACITY + 5; i++) usage = foldAppUsage(usage, delta([]), T0 + i);
    expect(usage.series).toHaveLength(USAGE_SERIES_CAPACITY);
    expect(Object.keys(usage.series.at(-1)?.bytes ?? {}).length).toBeLessThanOrEqual(8);
  });

  it('folds the real captured batches: one app per owning executable, first seen at the first batch', () => {
    let usage = emptyAppUsage();
    for (const batch of capturedBatches) usage = foldAppUsage(usage, batch.tables.connections, batch.time);
    const owners = new Set(capturedBatches.flatMap((b) => b.tables.connections.changed).flatMap((c) => (c.process ? [c.process.exe || c.process.name] : [])));
    expect(new Set(usage.apps.keys())).toEqual(owners);
    expect(usage.apps.get('/usr/bin/node')?.firstSeen).toBe(capturedBatches[0]?.time);
    expect(usage.batches).toBe(capturedBatches.length);
  });
});

import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { applyTableDelta, connectionId, foldBatches, ROW_IDS } from '../../src-shared/batch';
import {
  TABLE_NAMES,
  emptySeverityCounts,
  type Alert,
  type Connection,
  type Severity,
  type SnapshotView,
  type TableDelta,
  type TickBatch,
} from '../../src-shared/model';
import { createCollector } from '../collect';
import { BatchBuilder, type TickInput } from './batch-builder';
import { toSnapshotView } from './snapshot-view';

// Every socket table re-read on every call, so a socket opened or closed shows in the next snapshot.
const collector = createCollector({ socketTableMaxAgeMs: 0 });
const open: (Server | Socket)[] = [];

afterEach(async () => {
  const handles = open.splice(0);
  for (const handle of handles) if ('destroy' in handle) handle.destroy();
  for (const handle of handles) if (!('destroy' in handle)) await new Promise((resolve) => handle.close(resolve));
});

/** A loopback listener and `count` clients connected to it; resolves with the clients' local ports. */
async function openPairs(count: number): Promise<number[]> {
  const server = createServer((socket) => socket.on('error', () => {}));
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const clients = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve) => {
          const client = connect(port, '127.0.0.1', () => resolve(client));
          client.on('error', () => {});
        }),
    ),
  );
  open.push(...clients);
  return clients.map((client) => client.localPort as number);
}

async function view(): Promise<SnapshotView> {
  return toSnapshotView(await collector.collect());
}

let seq = 0;
function input(snapshot: SnapshotView, changedAlerts: Alert[] = [], droppedAlertIds: string[] = []): TickInput {
  seq += 1;
  return {
    seq,
    time: snapshot.time,
    startedAt: 1,
    elapsedMs: 0,
    state: 'running',
    view: snapshot,
    changedAlerts,
    droppedAlertIds,
    alertsDropped: droppedAlertIds.length,
    severityCounts: emptySeverityCounts(),
    collectMs: 1,
    detectMs: 1,
    warnings: [],
  };
}

/** What a receiver holds after applying `batches` in order, table by table. */
function received(batches: readonly TickBatch[]): Record<string, Map<string, unknown>> {
  const tables: Record<string, ReadonlyMap<string, unknown>> = { connections: new Map(), listening: new Map(), arp: new Map() };
  for (const batch of batches) {
    for (const name of TABLE_NAMES) {
      tables[name] = applyTableDelta(
        tables[name] as ReadonlyMap<string, unknown>,
        batch.tables[name] as TableDelta<unknown>,
        ROW_IDS[name] as (row: unknown) => string,
      );
    }
  }
  return tables as Record<string, Map<string, unknown>>;
}

// Held by this process: another test's TIME_WAIT socket may have the same local port (to another peer).
const ours =
  (ports: number[]) =>
  (c: Connection): boolean =>
    c.localAddress === '127.0.0.1' && ports.includes(c.localPort) && c.process?.pid === process.pid;

describe('BatchBuilder with real sockets', () => {
  it('sends every row once, then only the sockets opened and the ids of the sockets closed', async () => {
    const quiet = await openPairs(2);
    const builder = new BatchBuilder();
    const first = builder.build(input(await view()));
    expect(first.tables.connections.changed).toHaveLength(first.totals.connections);
    expect(first.tables.connections.changed.filter(ours(quiet))).toHaveLength(2);
    expect(first.tables.connections.count).toBe(first.totals.connections);

    const ports = await openPairs(3);
    const second = builder.build(input(await view()));
    const opened = second.tables.connections.changed.filter(ours(ports));
    expect(opened.map((c) => c.localPort).sort()).toEqual([...ports].sort());
    expect(opened.every((c) => c.process?.pid === process.pid && c.process.cmdline === undefined)).toBe(true);
    // Sockets nobody touched are not resent.
    expect(second.tables.connections.changed.filter(ours(quiet))).toEqual([]);

    for (const handle of open) if ('destroy' in handle && ports.includes(handle.localPort as number)) handle.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = builder.build(input(await view()));
    const closedIds = new Set(third.tables.connections.removed);
    for (const connection of opened) expect(closedIds.has(connectionId(connection))).toBe(true);
    expect(third.tables.connections.changed.filter(ours(ports)).filter((c) => c.state === 'ESTABLISHED')).toEqual([]);

    const tables = received([first, second, third]);
    expect(tables.connections?.size).toBe(third.tables.connections.count);
  });

  it('stays within its budget, marks what it held back, and converges over the next batches', async () => {
    await openPairs(150);
    const snapshot = await view();
    const budget = 20_000;
    const builder = new BatchBuilder(budget);
    const batches = [builder.build(input(snapshot))];
    const first = batches[0] as TickBatch;
    expect(first.truncated?.budgetBytes).toBe(budget);
    expect(first.truncated?.heldBack.connections).toBeGreaterThan(0);
    expect(JSON.stringify(first).length).toBeLessThanOrEqual(budget);
    expect(first.bytes).toBeGreaterThanOrEqual(JSON.stringify(first).length);
    while (batches.at(-1)?.truncated && batches.length < 100) batches.push(builder.build(input(snapshot)));
    for (const batch of batches) expect(JSON.stringify(batch).length).toBeLessThanOrEqual(budget);
    const last = batches.at(-1) as TickBatch;
    expect(last.truncated).toBeUndefined();
    const tables = received(batches);
    expect(tables.connections?.size).toBe(new Set(snapshot.connections.map(connectionId)).size);
    expect(tables.listening?.size).toBe(last.tables.listening.count);
    // A late receiver gets the same rows in one catch-up batch.
    const catchUp = builder.catchUp(last);
    expect(received([catchUp]).connections?.size).toBe(tables.connections?.size);
    expect(catchUp.bytes).toBe(JSON.stringify(catchUp).length);
  });

  it('pages a catch-up within the same budget: alerts most severe first, then every row once', async () => {
    const ports = await openPairs(150);
    const host = await view();
    // Our 150 pairs' rows (real ones), so other processes' sockets on this host do not change the test.
    const snapshot = { ...host, connections: host.connections.filter((c) => ours(ports)(c) || ports.includes(c.remotePort)) };
    const budget = 20_000;
    const builder = new BatchBuilder(budget);
    let last = builder.build(input(snapshot));
    for (let i = 0; i < 100 && last.truncated; i += 1) last = builder.build(input(snapshot));
    expect(last.truncated).toBeUndefined();
    expect(last.tables.connections.count).toBeGreaterThanOrEqual(300);
    const alerts = Array.from({ length: 40 }, (_, i) => ({
      id: `a-${i}`,
      ruleId: 'r',
      techniqueId: 'T1571',
      severity: i === 39 ? ('CRITICAL' as const) : ('LOW' as const),
      title: 't',
      description: 'x'.repeat(900),
      firstSeen: 1,
      lastSeen: i,
      count: 1,
      evidence: {},
    }));
    const reserved = 300;
    const paged = builder.catchUpPages(last, alerts, {}, reserved);
    expect(paged.pages.length).toBeGreaterThan(1);
    expect(JSON.stringify({ alerts: paged.alerts, lastBatch: paged.lastBatch }).length + reserved).toBeLessThanOrEqual(budget);
    for (const page of paged.pages) expect(JSON.stringify(page).length).toBeLessThanOrEqual(budget);
    expect(paged.alerts[0]?.id).toBe('a-39');
    expect(paged.pages.map((page) => page.index)).toEqual(paged.pages.map((_, i) => i + 1));
    const pagedAlerts = [...paged.alerts, ...paged.pages.flatMap((page) => page.alerts)].map((a) => a.id);
    expect(pagedAlerts.sort()).toEqual(alerts.map((a) => a.id).sort());
    const whole = builder.catchUp(last);
    for (const name of TABLE_NAMES) {
      const rows: unknown[] = [...(paged.lastBatch?.tables[name].changed ?? []), ...paged.pages.flatMap((page): unknown[] => page.rows[name])];
      expect(rows, name).toEqual(whole.tables[name].changed);
      expect(paged.lastBatch?.tables[name].count).toBe(whole.tables[name].count);
    }
    // Before the first tick only the alerts are paged.
    expect(new BatchBuilder(budget).catchUpPages(undefined, alerts).lastBatch).toBeUndefined();
  });
});

describe('BatchBuilder alerts', () => {
  const alert = (id: string, severity: Severity, bytes = 0): Alert => ({
    id,
    ruleId: 'r',
    techniqueId: 'T1571',
    severity,
    title: 't',
    description: 'x'.repeat(bytes),
    firstSeen: 1,
    lastSeen: 1,
    count: 1,
    evidence: {},
  });

  it('sends the most severe first and keeps the rest for later batches; an alert dropped meanwhile is never sent', async () => {
    const snapshot = { ...(await view()), connections: [], listening: [], arp: [] };
    const builder = new BatchBuilder(8_000);
    const low = Array.from({ length: 10 }, (_, i) => alert(`low-${i}`, 'LOW', 1_000));
    const first = builder.build(input(snapshot, [...low, alert('shell', 'CRITICAL', 1_000)]));
    expect(first.changedAlerts[0]?.id).toBe('shell');
    expect(first.truncated?.heldBack.alerts).toBeGreaterThan(0);
    const held = low.filter((a) => !first.changedAlerts.some((s) => s.id === a.id)).map((a) => a.id);
    const second = builder.build(input(snapshot, [], [held[0] as string]));
    expect(second.droppedAlertIds).toEqual([held[0]]);
    const later = [second];
    while (later.at(-1)?.truncated && later.length < 20) later.push(builder.build(input(snapshot)));
    const sentLater = later.flatMap((b) => b.changedAlerts.map((a) => a.id));
    expect(sentLater).not.toContain(held[0]);
    expect(sentLater.sort()).toEqual(held.slice(1).sort());
  });

  it('folds two batches into one that gives the same result as applying both', async () => {
    const ports = await openPairs(2);
    const builder = new BatchBuilder();
    const a = builder.build(input(await view(), [alert('x', 'LOW')]));
    for (const handle of open.splice(0)) if ('destroy' in handle) handle.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const b = builder.build(input(await view(), [], ['x']));
    const folded = foldBatches(a, b);
    expect(folded.changedAlerts).toEqual([]);
    expect(folded.droppedAlertIds).toEqual(['x']);
    expect([...(received([folded]).connections?.keys() ?? [])].sort()).toEqual([...(received([a, b]).connections?.keys() ?? [])].sort());
    expect(folded.tables.connections.changed.filter(ours(ports)).filter((c) => c.state === 'ESTABLISHED')).toEqual([]);
  });

  it('without tables sends alert changes and table counts only, with the same budget and hold-back', async () => {
    await openPairs(3);
    const snapshot = await view();
    const builder = new BatchBuilder(8_000);
    const low = Array.from({ length: 10 }, (_, i) => alert(`low-${i}`, 'LOW', 1_000));
    const first = builder.build(input(snapshot, [...low, alert('shell', 'CRITICAL', 1_000)]), false);
    expect(first.changedAlerts[0]?.id).toBe('shell');
    expect(first.truncated?.heldBack).toMatchObject({ connections: 0, listening: 0, arp: 0 });
    expect(first.truncated?.heldBack.alerts).toBe(11 - first.changedAlerts.length);
    for (const name of TABLE_NAMES) {
      expect(first.tables[name]).toEqual({ changed: [], removed: [], count: snapshot[name].length });
      expect(first.totals[name]).toBe(snapshot[name].length);
    }
    expect(snapshot.connections.length).toBeGreaterThanOrEqual(6);
    const later = [first];
    while (later.at(-1)?.truncated && later.length < 20) later.push(builder.build(input(snapshot), false));
    expect(later.flatMap((b) => b.changedAlerts.map((a) => a.id)).sort()).toEqual([...low.map((a) => a.id), 'shell'].sort());
  });
});

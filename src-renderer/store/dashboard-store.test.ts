import { describe, expect, it } from 'vitest';
import { arpBindingKey } from '../../src-shared/arp-binding';
import { MAX_ALERTS } from '../../src-shared/alert-bounds';
import { connectionId, foldBatches } from '../../src-shared/batch';
import type { Alert, Severity, TickBatch } from '../../src-shared/model';
import { createDashboardStore, exportStateOf } from './dashboard-store';
import { SERIES_CAPACITY, seedSeverityPoints } from './session-reducer';
import { capturedBatches, capturedCatchUp } from './fixtures/captured';

// Three real batches (see fixtures/captured.ts): the first holds the alerts and is truncated.
const captured = capturedBatches;
const first = captured[0] as TickBatch;
const last = captured[2] as TickBatch;
const alertsOf = (batches: readonly TickBatch[]): Alert[] => batches.flatMap((b) => b.changedAlerts);

function countSets(store: ReturnType<typeof createDashboardStore>): () => number {
  let sets = 0;
  store.subscribe(() => {
    sets += 1;
  });
  return () => sets;
}

function applyAll(batches: readonly TickBatch[] = captured) {
  const store = createDashboardStore();
  for (const batch of batches) store.getState().applyBatch(batch);
  return store;
}

describe('applyBatch', () => {
  it('applies a real batch with exactly one set()', () => {
    const store = createDashboardStore();
    const sets = countSets(store);
    store.getState().applyBatch(first);
    expect(sets()).toBe(1);
    const state = store.getState();
    expect(state.seq).toBe(first.seq);
    expect(state.snapshot?.connections).toHaveLength(first.tables.connections.count);
    // A batch that lists every row gives the views its own array: no copy of 10,000 rows.
    expect(state.snapshot?.connections).toBe(first.tables.connections.changed);
    expect(state.snapshot?.system).toBe(first.host.system);
    expect(Object.keys(state.alerts).sort()).toEqual(first.changedAlerts.map((a) => a.id).sort());
    expect(state.severityCounts).toEqual(first.severityCounts);
    expect(state.status).toMatchObject({ state: 'running', startedAt: first.startedAt, hostname: first.host.hostname });
    expect(state.severitySeries).toEqual([{ time: first.time, ...first.severityCounts }]);
    expect(state.systemSeries[0]?.cpuPercent).toBe(first.host.system.cpuPercent);
    expect(state.truncated).toEqual(first.truncated);
    expect(state.outOfStep).toBe(false);
  });

  it('rebuilds the host tables from real deltas: the same rows as getState gives after the same batches', () => {
    const state = applyAll().getState();
    const expected = capturedCatchUp.lastBatch.tables;
    expect(state.outOfStep).toBe(false);
    expect(state.truncated).toBeUndefined();
    expect(state.snapshot?.connections.map(connectionId).sort()).toEqual(expected.connections.changed.map(connectionId).sort());
    expect(state.snapshot?.listening).toHaveLength(expected.listening.count);
    expect(state.snapshot?.arp).toHaveLength(expected.arp.count);
  });

  it("keeps a table's array when the batch did not change it", () => {
    const store = applyAll();
    const before = store.getState().snapshot;
    store.getState().applyBatch({
      ...last,
      seq: last.seq + 1,
      tables: {
        connections: { changed: [], removed: [], count: last.tables.connections.count },
        listening: { changed: [], removed: [], count: last.tables.listening.count },
        arp: { changed: [], removed: [], count: last.tables.arp.count },
      },
    });
    expect(store.getState().snapshot?.connections).toBe(before?.connections);
    expect(store.getState().outOfStep).toBe(false);
  });

  it('finds itself out of step after a missed batch or a table whose size disagrees', () => {
    const missed = applyAll([first, last]);
    expect(missed.getState().outOfStep).toBe(true);
    const wrongCount = applyAll([first]);
    wrongCount
      .getState()
      .applyBatch({ ...(captured[1] as TickBatch), tables: { ...(captured[1] as TickBatch).tables, arp: { changed: [], removed: [], count: 99 } } });
    expect(wrongCount.getState().outOfStep).toBe(true);
  });

  it('updates alerts by id and keeps unchanged ones', () => {
    const store = applyAll();
    const alert = first.changedAlerts[0];
    if (!alert) throw new Error('fixture has no alert');
    store.getState().applyBatch({ ...last, seq: last.seq + 1, changedAlerts: [{ ...alert, count: 7, lastSeen: last.time + 9000 }] });
    const { alerts } = store.getState();
    expect(Object.keys(alerts)).toHaveLength(alertsOf(captured).length);
    expect(alerts[alert.id]?.count).toBe(7);
  });

  it('keeps the time series bounded over a long session', () => {
    const store = createDashboardStore();
    for (let i = 0; i < SERIES_CAPACITY * 3; i += 1) {
      const source = captured[i % captured.length] as TickBatch;
      store.getState().applyBatch({ ...source, seq: i + 1, time: first.time + i * 1000 });
    }
    const { severitySeries, systemSeries } = store.getState();
    expect(severitySeries).toHaveLength(SERIES_CAPACITY);
    expect(systemSeries).toHaveLength(SERIES_CAPACITY);
    expect(systemSeries.at(-1)?.time).toBe(first.time + (SERIES_CAPACITY * 3 - 1) * 1000);
  });

  it('records the ARP table into the MAC history', () => {
    const store = createDashboardStore();
    store.getState().applyBatch(first);
    const entry = first.tables.arp.changed[0];
    if (!entry) throw new Error('fixture has no ARP entry');
    expect(store.getState().arpHistory[arpBindingKey(entry)]?.[0]?.mac).toBe(entry.mac.toLowerCase());
  });

  it('drops the previous session when a batch from a new session arrives', () => {
    const store = createDashboardStore();
    store.getState().applyBatch(first);
    store.getState().selectAlert(first.changedAlerts[0]?.id);
    store.getState().applyBatch({ ...(captured[1] as TickBatch), startedAt: first.startedAt + 60_000, seq: 1 });
    const state = store.getState();
    expect(state.alerts).toEqual({});
    expect(state.severitySeries).toHaveLength(1);
    expect(state.selectedAlertId).toBeUndefined();
    expect(state.snapshot?.connections.length).toBe((captured[1] as TickBatch).tables.connections.changed.length);
  });
});

describe('alert bounds', () => {
  const template = first.changedAlerts[0] as Alert;
  const makeAlert = (id: string, severity: Severity, lastSeen: number): Alert => ({ ...template, id, severity, lastSeen });
  const batchWith = (seq: number, changedAlerts: Alert[], droppedAlertIds: string[] = []): TickBatch => ({
    ...first,
    seq,
    changedAlerts,
    droppedAlertIds,
    alertsDropped: droppedAlertIds.length,
  });

  it("removes the alerts the batch names as dropped by the engine, and shows the engine's drop count", () => {
    const store = createDashboardStore();
    store.getState().applyBatch(first);
    const [gone, kept] = first.changedAlerts;
    if (!gone || !kept) throw new Error('fixture needs two alerts');
    store.getState().applyBatch({ ...batchWith(2, [], [gone.id]), alertsDropped: 7 });
    const state = store.getState();
    expect(state.alerts[gone.id]).toBeUndefined();
    expect(state.alerts[kept.id]).toBeDefined();
    expect(state.alertsDropped).toBe(7);
  });

  it('caps the map like the engine: a flood of newer LOW alerts never evicts an older CRITICAL one', () => {
    const store = createDashboardStore();
    store.getState().applyBatch(batchWith(1, [makeAlert('shell', 'CRITICAL', first.time)]));
    const flood = Array.from({ length: MAX_ALERTS + 250 }, (_, i) => makeAlert(`flood-${i}`, 'LOW', first.time + 1 + i));
    store.getState().applyBatch(batchWith(2, flood.slice(0, 3000)));
    store.getState().applyBatch(batchWith(3, flood.slice(3000)));
    const { alerts } = store.getState();
    expect(Object.keys(alerts)).toHaveLength(MAX_ALERTS);
    expect(alerts.shell?.severity).toBe('CRITICAL');
    // The least recently seen LOW alerts went first.
    expect(alerts['flood-250']).toBeUndefined();
    expect(alerts['flood-251']).toBeDefined();
    expect(alerts[`flood-${MAX_ALERTS + 249}`]).toBeDefined();
  });

  it('caps a hydrated window the same way', () => {
    const store = createDashboardStore();
    const many = Array.from({ length: MAX_ALERTS + 10 }, (_, i) => makeAlert(`a-${i}`, i === 0 ? 'HIGH' : 'MEDIUM', first.time + i));
    store.getState().hydrate({ ...capturedCatchUp, alerts: many });
    const { alerts } = store.getState();
    expect(Object.keys(alerts)).toHaveLength(MAX_ALERTS);
    expect(alerts['a-0']?.severity).toBe('HIGH');
  });
});

describe('hydrate', () => {
  it('restores a window from getState: every row, every alert, in step with the next batch', () => {
    const store = createDashboardStore();
    store.getState().hydrate(capturedCatchUp);
    const state = store.getState();
    expect(state.phase).toBe('ready');
    expect(state.seq).toBe(last.seq);
    expect(state.outOfStep).toBe(false);
    expect(state.snapshot?.connections).toHaveLength(capturedCatchUp.lastBatch.tables.connections.count);
    expect(Object.keys(state.alerts)).toHaveLength(capturedCatchUp.alerts.length);
    expect(state.severitySeries).toEqual(seedSeverityPoints(capturedCatchUp.alerts));
    store.getState().applyBatch({
      ...last,
      seq: last.seq + 1,
      tables: {
        connections: { changed: [], removed: [], count: last.tables.connections.count },
        listening: { changed: [], removed: [], count: last.tables.listening.count },
        arp: { changed: [], removed: [], count: last.tables.arp.count },
      },
    });
    expect(store.getState().outOfStep).toBe(false);
  });

  it("rebuilds the timeline from each alert's last change", () => {
    const [a, b] = first.changedAlerts;
    if (!a || !b) throw new Error('fixture needs two alerts');
    const points = seedSeverityPoints([
      { ...a, lastSeen: 2000, severity: 'HIGH' },
      { ...b, lastSeen: 1000, severity: 'LOW' },
      { ...a, id: 'x', lastSeen: 2000, severity: 'HIGH' },
    ]);
    expect(points).toEqual([
      { time: 1000, CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 1 },
      { time: 2000, CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 0 },
    ]);
  });

  it('applies the batches that arrived while getState was in flight on top of its answer', () => {
    // getState answered as of batch 2; batches 2 and 3 arrived meanwhile (folded by the caller).
    const store = applyAll([captured[1] as TickBatch, last]);
    expect(store.getState().outOfStep).toBe(true);
    const asOfSecond = { ...capturedCatchUp, lastBatch: { ...capturedCatchUp.lastBatch, seq: 2 } };
    store.getState().hydrate(asOfSecond, foldBatches(captured[1] as TickBatch, last));
    const state = store.getState();
    expect(state.seq).toBe(last.seq);
    expect(state.outOfStep).toBe(false);
    expect(state.snapshot?.connections).toHaveLength(last.tables.connections.count);
  });

  it('keeps the timeline history from before the reload when a batch beat getState', () => {
    const store = createDashboardStore();
    store.getState().applyBatch({ ...last, changedAlerts: [] });
    const earlier = first.changedAlerts.map((alert) => ({ ...alert, lastSeen: last.time - 10_000 }));
    store.getState().hydrate({ ...capturedCatchUp, alerts: earlier });
    const series = store.getState().severitySeries;
    expect(series.map((p) => p.time)).toEqual([last.time - 10_000, last.time]);
    expect(series[0]).toEqual(seedSeverityPoints(earlier)[0]);
  });
});

describe('status and export state', () => {
  it('clears session data when a new session starts running', () => {
    const store = createDashboardStore();
    store.getState().applyBatch(first);
    store.getState().applyStatus({ state: 'running', hostname: 'h', startedAt: first.startedAt + 1 });
    expect(store.getState().alerts).toEqual({});
    expect(store.getState().snapshot).toBeUndefined();
    expect(store.getState().tables.connections.rows).toHaveLength(0);
  });

  it('keeps data when the same session stops', () => {
    const store = createDashboardStore();
    store.getState().applyBatch(first);
    store.getState().applyStatus({ state: 'stopped', hostname: 'h', startedAt: first.startedAt, endedAt: first.time + 5000 });
    expect(store.getState().status.state).toBe('stopped');
    expect(Object.keys(store.getState().alerts)).toHaveLength(first.changedAlerts.length);
  });

  it('maps every export result', () => {
    expect(exportStateOf({ ok: true, path: '/tmp/r.json', bytes: 10 })).toEqual({ kind: 'saved', path: '/tmp/r.json', bytes: 10 });
    expect(exportStateOf({ ok: false, canceled: true })).toEqual({ kind: 'canceled' });
    expect(exportStateOf({ ok: false, error: 'EACCES', fallbackPath: '/tmp/x.json' })).toEqual({
      kind: 'failed',
      error: 'EACCES',
      fallbackPath: '/tmp/x.json',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { NetSentinelApi, SessionSnapshotState } from '../../src-shared/api';
import { type TickBatch } from '../../src-shared/model';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { createDashboardStore } from './dashboard-store';
import { capturedBatches as captured, capturedCatchUp } from './fixtures/captured';
import { RESYNC_MIN_GAP_MS, connectStore, exportReport, startMonitoring } from './session-actions';

/** Lets the answers released so far run through their promise chains. */
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A bridge whose answers the test releases by hand, to order events the way IPC can. */
function manualBridge() {
  const batchListeners = new Set<(batch: TickBatch) => void>();
  let answerState: (state: SessionSnapshotState) => void = () => {};
  let stateRequests = 0;
  const api: NetSentinelApi = {
    start: () => Promise.reject(new Error('collector crashed')),
    stop: () => Promise.reject(new Error('unused')),
    getState: () =>
      new Promise((resolve) => {
        stateRequests += 1;
        answerState = resolve;
      }),
    getStatePage: () => Promise.resolve(undefined),
    exportReport: () => Promise.resolve({ ok: false, error: 'Cannot write the report: permission denied (EACCES)', fallbackPath: '/tmp/f.json' }),
    getSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    updateSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    onBatch: (listener) => {
      batchListeners.add(listener);
      return () => batchListeners.delete(listener);
    },
    onStatus: () => () => {},
    listSessions: () => Promise.resolve([]),
    openSession: () => Promise.reject(new Error('unused')),
    exportSessionReport: () => Promise.reject(new Error('unused')),
    chooseListFile: () => Promise.resolve(undefined),
    describeLists: () => Promise.resolve([]),
    exportData: () => Promise.reject(new Error('unused')),
  };
  return {
    api,
    batchListeners,
    push: (batch: TickBatch) => batchListeners.forEach((l) => l(batch)),
    answerState: (s: SessionSnapshotState) => answerState(s),
    requests: () => stateRequests,
  };
}

describe('connectStore', () => {
  it('subscribes before asking for the state, so a batch in between is not lost', async () => {
    const store = createDashboardStore();
    const bridge = manualBridge();
    const disconnect = connectStore(bridge.api, store);
    const newer = captured[2] as TickBatch;
    bridge.push(newer);
    bridge.answerState({ ...capturedCatchUp, lastBatch: { ...capturedCatchUp.lastBatch, seq: 2 } });
    await flush();
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().seq).toBe(newer.seq);
    expect(store.getState().outOfStep).toBe(false);
    disconnect();
    expect(bridge.batchListeners.size).toBe(0);
  });

  it('asks for the state again when a batch is missed, applies what arrived meanwhile, and does not ask twice at once', async () => {
    const store = createDashboardStore();
    const bridge = manualBridge();
    let clock = 0;
    connectStore(bridge.api, store, () => clock);
    bridge.answerState({ status: capturedCatchUp.status, alerts: [] });
    await flush();
    expect(bridge.requests()).toBe(1);
    clock += RESYNC_MIN_GAP_MS;
    bridge.push(captured[0] as TickBatch);
    bridge.push(captured[2] as TickBatch); // batch 2 was lost on the way
    expect(store.getState().outOfStep).toBe(true);
    expect(bridge.requests()).toBe(2);
    bridge.push({ ...(captured[2] as TickBatch), seq: 4 });
    expect(bridge.requests()).toBe(2);
    bridge.answerState(capturedCatchUp);
    await flush();
    expect(store.getState().outOfStep).toBe(false);
    expect(store.getState().seq).toBe(4);
    expect(store.getState().snapshot?.connections).toHaveLength(capturedCatchUp.lastBatch.tables.connections.count);
  });

  it('begins a catch-up again when its pages are gone (a newer catch-up took their place), at most three times', async () => {
    const store = createDashboardStore();
    const bridge = manualBridge();
    connectStore(bridge.api, store);
    const paged = { ...capturedCatchUp, more: { id: 'gone', pages: 2 } };
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect(bridge.requests()).toBe(attempt);
      bridge.answerState(paged);
      await flush();
    }
    expect(bridge.requests()).toBe(3);
    expect(store.getState().phase).toBe('unavailable');
    expect(store.getState().phaseError).toMatch(/pages were gone/);
  });

  it('shows the unavailable state without a bridge', () => {
    const store = createDashboardStore();
    connectStore(undefined, store);
    expect(store.getState().phase).toBe('unavailable');
    expect(store.getState().phaseError).toMatch(/window\.netsentinel/);
  });
});

describe('actions', () => {
  it('turns a failed start into a visible error and clears the pending flag', async () => {
    const store = createDashboardStore();
    await startMonitoring(manualBridge().api, store);
    expect(store.getState().pendingAction).toBeUndefined();
    expect(store.getState().actionError).toBe('Could not start: collector crashed');
  });

  it('keeps the reason and the fallback path of a failed export', async () => {
    const store = createDashboardStore();
    await exportReport(manualBridge().api, store);
    expect(store.getState().exportState).toEqual({
      kind: 'failed',
      error: 'Cannot write the report: permission denied (EACCES)',
      fallbackPath: '/tmp/f.json',
    });
  });
});

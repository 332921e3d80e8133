import { describe, expect, it } from 'vitest';
import type { NetSentinelApi, SessionSnapshotState } from '../../src-shared/api';
import { type TickBatch } from '../../src-shared/model';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { createDashboardStore } from './dashboard-store';
import capturedBatches from './fixtures/tick-batches.json';
import { connectStore, exportReport, startMonitoring } from './session-actions';

const captured = capturedBatches as unknown as TickBatch[];

/** A bridge whose answers the test releases by hand, to order events the way IPC can. */
function manualBridge() {
  const batchListeners = new Set<(batch: TickBatch) => void>();
  let answerState: (state: SessionSnapshotState) => void = () => {};
  const api: NetSentinelApi = {
    start: () => Promise.reject(new Error('collector crashed')),
    stop: () => Promise.reject(new Error('unused')),
    getState: () => new Promise((resolve) => { answerState = resolve; }),
    exportReport: () => Promise.resolve({ ok: false, error: 'Cannot write the report: permission denied (EACCES)', fallbackPath: '/tmp/f.json' }),
    getSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    updateSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    onBatch: (listener) => {
      batchListeners.add(listener);
      return () => batchListeners.delete(listener);
    },
    onStatus: () => () => {},
  };
  return { api, push: (batch: TickBatch) => batchListeners.forEach((l) => l(batch)), answerState: (s: SessionSnapshotState) => answerState(s), batchListeners };
}

describe('connectStore', () => {
  it('subscribes before asking for the state, so a batch in between is not lost', async () => {
    const store = createDashboardStore();
    const bridge = manualBridge();
    const disconnect = connectStore(bridge.api, store);
    const newer = captured[2] as TickBatch;
    bridge.push(newer);
    bridge.answerState({ status: { state: 'running', hostname: 'h', startedAt: newer.startedAt }, alerts: [], lastBatch: captured[0] });
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().seq).toBe(newer.seq);
    disconnect();
    expect(bridge.batchListeners.size).toBe(0);
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
      kind: 'failed', error: 'Cannot write the report: permission denied (EACCES)', fallbackPath: '/tmp/f.json',
    });
  });
});

// The store's side effects: every call to main goes through the NetSentinelApi given here.
import type { NetSentinelApi } from '../../src-shared/api';
import { foldBatches } from '../../src-shared/batch';
import type { TickBatch } from '../../src-shared/model';
import type { DashboardStore } from './dashboard-store';
import { errorMessage } from '../../src-shared/error-message';

/** A window out of step asks for the full state at most this often (getState carries every row). */
export const RESYNC_MIN_GAP_MS = 2_000;

/**
 * Subscribes before asking for the state, so no batch falls between the two; asks again whenever the
 * store finds itself out of step (a missed batch, a table whose size disagrees). Returns the unsubscribe.
 */
export function connectStore(api: NetSentinelApi | undefined, store: DashboardStore, now: () => number = Date.now): () => void {
  const actions = store.getState();
  if (!api) {
    actions.setPhase('unavailable', 'The NetSentinel bridge (window.netsentinel) is missing: open the app through NetSentinel, not a plain browser.');
    return () => {};
  }
  let inFlight = false;
  let lastRequest = -Infinity;
  /** Batches that arrived while getState was in flight, folded into one. */
  let held: TickBatch | undefined;
  const requestState = (initial: boolean): void => {
    inFlight = true;
    lastRequest = now();
    held = undefined;
    api.getState().then(
      (state) => {
        const since = held;
        inFlight = false;
        held = undefined;
        store.getState().hydrate(state, since);
      },
      (error: unknown) => {
        inFlight = false;
        held = undefined;
        if (initial) store.getState().setPhase('unavailable', `Could not read the session state: ${errorMessage(error)}`);
      },
    );
  };
  const onBatch = (batch: TickBatch): void => {
    store.getState().applyBatch(batch);
    if (inFlight) held = held && held.startedAt === batch.startedAt ? foldBatches(held, batch) : batch;
    else if (store.getState().outOfStep && now() - lastRequest >= RESYNC_MIN_GAP_MS) requestState(false);
  };
  const unsubscribes = [
    api.onBatch(onBatch),
    api.onStatus((status) => store.getState().applyStatus(status)),
  ];
  requestState(true);
  api.getSettings().then(
    (settings) => store.getState().setSettings(settings),
    () => {},
  );
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}

async function runSessionAction(store: DashboardStore, action: 'start' | 'stop', call: () => ReturnType<NetSentinelApi['start']>): Promise<void> {
  store.getState().setPendingAction(action);
  try {
    const status = await call();
    store.getState().applyStatus(status);
    store.getState().setPendingAction(undefined, status.error);
  } catch (error) {
    store.getState().setPendingAction(undefined, `Could not ${action}: ${errorMessage(error)}`);
  }
}

export function startMonitoring(api: NetSentinelApi, store: DashboardStore): Promise<void> {
  return runSessionAction(store, 'start', () => api.start());
}

export function stopMonitoring(api: NetSentinelApi, store: DashboardStore): Promise<void> {
  return runSessionAction(store, 'stop', () => api.stop());
}

export async function exportReport(api: NetSentinelApi, store: DashboardStore): Promise<void> {
  store.getState().setExportPending();
  try {
    store.getState().setExportResult(await api.exportReport());
  } catch (error) {
    store.getState().setExportResult({ ok: false, error: errorMessage(error) });
  }
}

export async function saveSettings(
  api: NetSentinelApi, store: DashboardStore, patch: Parameters<NetSentinelApi['updateSettings']>[0],
): Promise<string | undefined> {
  try {
    store.getState().setSettings(await api.updateSettings(patch));
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

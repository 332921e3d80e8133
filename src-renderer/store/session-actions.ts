// The store's side effects: every call to main goes through the NetSentinelApi given here.
import type { NetSentinelApi, SessionSnapshotState } from '../../src-shared/api';
import { foldBatches } from '../../src-shared/batch';
import { assembleCatchUp } from '../../src-shared/catch-up';
import type { TickBatch } from '../../src-shared/model';
import type { DashboardStore } from './dashboard-store';
import { errorMessage } from '../../src-shared/error-message';

/** A window out of step asks for the full state at most this often (getState carries every row). */
export const RESYNC_MIN_GAP_MS = 2_000;
/** A catch-up whose pages were gone (a newer catch-up took their place) is begun again at most this often in a row. */
const MAX_CATCH_UP_ATTEMPTS = 3;

/**
 * getState's answer with every page after it (one IPC message each, each within the batch budget);
 * undefined when a page is gone before it was fetched.
 */
export async function fetchWholeState(api: NetSentinelApi): Promise<SessionSnapshotState | undefined> {
  const first = await api.getState();
  if (!first.more) return first;
  const pages = [];
  for (let index = 1; index <= first.more.pages; index += 1) {
    const page = await api.getStatePage(first.more.id, index);
    if (!page) return undefined;
    pages.push(page);
  }
  return assembleCatchUp(first, pages);
}

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
  const requestState = (initial: boolean, attempt = 1): void => {
    inFlight = true;
    lastRequest = now();
    held = undefined;
    // Batches keep arriving while the pages do: they are held and folded, then applied on top.
    fetchWholeState(api).then(
      (state) => {
        if (!state && attempt < MAX_CATCH_UP_ATTEMPTS) {
          requestState(initial, attempt + 1);
          return;
        }
        const since = held;
        inFlight = false;
        held = undefined;
        if (state) store.getState().hydrate(state, since);
        else if (initial) store.getState().setPhase('unavailable', 'Could not read the session state: its pages were gone before they arrived');
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
  const unsubscribes = [api.onBatch(onBatch), api.onStatus((status) => store.getState().applyStatus(status))];
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
  api: NetSentinelApi,
  store: DashboardStore,
  patch: Parameters<NetSentinelApi['updateSettings']>[0],
): Promise<string | undefined> {
  try {
    store.getState().setSettings(await api.updateSettings(patch));
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

// The store's side effects: every call to main goes through the NetSentinelApi given here.
import type { NetSentinelApi } from '../../src-shared/api';
import type { DashboardStore } from './dashboard-store';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Subscribes before asking for the state, so no batch falls between the two. Returns the unsubscribe. */
export function connectStore(api: NetSentinelApi | undefined, store: DashboardStore): () => void {
  const actions = store.getState();
  if (!api) {
    actions.setPhase('unavailable', 'The NetSentinel bridge (window.netsentinel) is missing: open the app through NetSentinel, not a plain browser.');
    return () => {};
  }
  const unsubscribes = [
    api.onBatch((batch) => store.getState().applyBatch(batch)),
    api.onStatus((status) => store.getState().applyStatus(status)),
  ];
  api.getState().then(
    (state) => store.getState().hydrate(state),
    (error: unknown) => store.getState().setPhase('unavailable', `Could not read the session state: ${messageOf(error)}`),
  );
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
    store.getState().setPendingAction(undefined, `Could not ${action}: ${messageOf(error)}`);
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
    store.getState().setExportResult({ ok: false, error: messageOf(error) });
  }
}

export async function saveSettings(
  api: NetSentinelApi, store: DashboardStore, patch: Parameters<NetSentinelApi['updateSettings']>[0],
): Promise<string | undefined> {
  try {
    store.getState().setSettings(await api.updateSettings(patch));
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

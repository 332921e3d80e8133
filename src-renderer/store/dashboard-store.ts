// The dashboard's one store. Every TickBatch is applied with exactly one set().
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExportResult, SessionSnapshotState, SessionStatus } from '../../src-shared/api';
import { emptySeverityCounts, type TickBatch } from '../../src-shared/model';
import { type MonitorSettings } from '../../src-shared/settings';
import { initialDashboardData, type ConnectionPhase, type DashboardData, type ExportState } from './dashboard-data';
import { freshSessionData, reduceBatch, restoreState } from './session-reducer';
import { reduceSettings } from './settings-reducer';

export interface DashboardActions {
  applyBatch(batch: TickBatch): void;
  applyStatus(status: SessionStatus): void;
  /** Catch-up: replaces the session data with getState's answer, then applies `since` (the batches that arrived meanwhile, folded). */
  hydrate(state: SessionSnapshotState, since?: TickBatch): void;
  setPhase(phase: ConnectionPhase, error?: string): void;
  setPendingAction(action: 'start' | 'stop' | undefined, error?: string): void;
  /** New settings; changed suppressions re-mark the held alerts and the counters at once. */
  setSettings(settings: MonitorSettings): void;
  setShowSuppressed(show: boolean): void;
  /** Selects the alert and opens its "Suppress…" form (undefined closes it). */
  openSuppressForm(id: string | undefined): void;
  setExportPending(): void;
  setExportResult(result: ExportResult): void;
  dismissExport(): void;
  selectAlert(id: string | undefined): void;
}

export type DashboardState = DashboardData & DashboardActions;
export type DashboardStore = StoreApi<DashboardState>;
let lastApplyStart = 0;

/** performance.now() when the latest applyBatch began; the render probe measures from here to React's commit. */
export function lastApplyStartTime(): number {
  return lastApplyStart;
}

export const APPLY_MEASURE = 'netsentinel:applyBatch';

export function createDashboardStore(): DashboardStore {
  return createStore<DashboardState>()((set) => ({
    ...initialDashboardData(),

    applyBatch(batch) {
      lastApplyStart = performance.now();
      set((state) => reduceBatch(state, batch));
      // Observers still receive the entry; clearing keeps the timeline buffer from growing for a 24 h session.
      performance.measure(APPLY_MEASURE, { start: lastApplyStart, detail: { seq: batch.seq } });
      performance.clearMeasures(APPLY_MEASURE);
    },

    applyStatus(status) {
      set((state) =>
        status.startedAt !== undefined && status.startedAt !== state.sessionStartedAt && status.state === 'running'
          ? { status, ...freshSessionData(), sessionStartedAt: status.startedAt, seq: 0, severityCounts: emptySeverityCounts() }
          : { status },
      );
    },

    hydrate(state, since) {
      set((current) => restoreState(current, state, since));
    },

    setPhase(phase, error) {
      set({ phase, phaseError: error });
    },

    setPendingAction(action, error) {
      set({ pendingAction: action, actionError: error });
    },

    setSettings(settings) {
      set((state) => reduceSettings(state, settings, Date.now()));
    },

    setShowSuppressed(show) {
      set({ showSuppressed: show });
    },

    openSuppressForm(id) {
      set(id === undefined ? { suppressFormFor: undefined } : { suppressFormFor: id, selectedAlertId: id });
    },

    setExportPending() {
      set({ exportState: { kind: 'pending' } });
    },

    setExportResult(result) {
      set({ exportState: exportStateOf(result) });
    },

    dismissExport() {
      set({ exportState: { kind: 'idle' } });
    },

    selectAlert(id) {
      set({ selectedAlertId: id });
    },
  }));
}

export function exportStateOf(result: ExportResult): ExportState {
  if (result.ok) return { kind: 'saved', path: result.path, bytes: result.bytes };
  if (result.canceled) return { kind: 'canceled' };
  return { kind: 'failed', error: result.error, ...(result.fallbackPath ? { fallbackPath: result.fallbackPath } : {}) };
}

// Test helper: the dashboard's input from real batches captured on this machine (the renderer's
// fixture, e2e/support/capture-batches.mjs): a session holding a loopback connection to port 4444,
// 142 connections, and its two alerts.
import captured from '../../../test-fixtures/tick-batches.json' with { type: 'json' };
import type { SessionSnapshotState } from '../../../src-shared/api';
import type { TickBatch } from '../../../src-shared/model';
import { MetricsHistory } from './metrics-history';
import { DashboardModelBuilder, type DashboardInput, type DashboardModel } from './view-model';

const catchUp = (captured as unknown as { catchUp: SessionSnapshotState & { lastBatch: TickBatch } }).catchUp;

export function capturedInput(overrides: Partial<DashboardInput> = {}): DashboardInput {
  const { host, tables } = catchUp.lastBatch;
  const snapshot = { ...host, connections: tables.connections.changed, listening: tables.listening.changed, arp: tables.arp.changed };
  const history = new MetricsHistory();
  history.add(snapshot.system);
  return { snapshot, alerts: catchUp.alerts, batch: catchUp.lastBatch, state: 'running', intervalSec: 2, history, notes: [], ...overrides };
}

export function capturedModel(overrides: Partial<DashboardInput> = {}): DashboardModel {
  return new DashboardModelBuilder().build(capturedInput(overrides));
}

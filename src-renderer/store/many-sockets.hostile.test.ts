// The dashboard store fed what the main side's hostile-host test captured from a real session at
// 50,004 real sockets (src-main/hostile-host/many-sockets.test.ts writes out/hostile-host/many-sockets.json
// and runs first: both are in vitest's host-wide project, ordered by path). The batches go through the
// renderer's reducer; a reloading window's catch-up goes through connectStore, getState's first page
// and getStatePage for each page after it, as the preload would deliver them.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ALERTS } from '../../src-shared/alert-bounds';
import type { NetSentinelApi, SessionSnapshotState } from '../../src-shared/api';
import { ROW_IDS } from '../../src-shared/batch';
import type { CatchUpPage } from '../../src-shared/catch-up';
import type { TickBatch } from '../../src-shared/model';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { MAX_TRACKED_IPS } from './arp-history';
import { initialDashboardData, type DashboardData } from './dashboard-data';
import { createDashboardStore } from './dashboard-store';
import { reduceBatch, SERIES_CAPACITY } from './session-reducer';
import { connectStore } from './session-actions';

interface Capture {
  farm: { pids: number[]; pairs: number; sockets: number };
  batches: TickBatch[];
  catchUp: { first: SessionSnapshotState; pages: (CatchUpPage | undefined)[] };
}

const CAPTURE = join(import.meta.dirname, '..', '..', 'out', 'hostile-host', 'many-sockets.json');
const reason = existsSync(CAPTURE) ? undefined : `${CAPTURE} is missing; it is written by src-main/hostile-host/many-sockets.test.ts (run it first)`;
if (reason) console.log(`[hostile-host] renderer store at 50,000 sockets skipped: ${reason}`);
const capture = reason ? undefined : (JSON.parse(readFileSync(CAPTURE, 'utf8')) as Capture);
if (capture)
  console.log(`[hostile-host] renderer store: capture of ${capture.farm.sockets} farm sockets, written ${new Date(statSync(CAPTURE).mtimeMs).toISOString()}`);

/** The preload's API over the captured answers: getState's first page, then the pages it names. */
function capturedBridge(data: Capture): { api: NetSentinelApi; pageRequests: number[] } {
  const pageRequests: number[] = [];
  const unused = (): Promise<never> => Promise.reject(new Error('unused'));
  const api: NetSentinelApi = {
    getState: () => Promise.resolve(data.catchUp.first),
    getStatePage: (id, index) => {
      pageRequests.push(index);
      return Promise.resolve(id === data.catchUp.first.more?.id ? data.catchUp.pages[index - 1] : undefined);
    },
    getSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    onBatch: () => () => {},
    onStatus: () => () => {},
    start: unused,
    stop: unused,
    exportReport: unused,
    exportData: unused,
    updateSettings: unused,
    chooseListFile: unused,
    describeLists: unused,
    listSessions: unused,
    openSession: unused,
    exportSessionReport: unused,
  };
  return { api, pageRequests };
}

describe.skipIf(reason !== undefined)('the dashboard store at 50,000 real sockets', () => {
  const data = capture ?? {
    farm: { pids: [], pairs: 0, sockets: 0 },
    batches: [],
    catchUp: { first: { status: { state: 'idle', hostname: '' }, alerts: [] }, pages: [] },
  };
  const last = data.batches.at(-1) as TickBatch;
  const farmPids = new Set(data.farm.pids);

  it('fed the batches, holds every row once and stays within its caps', () => {
    let state: DashboardData = initialDashboardData();
    for (const batch of data.batches) state = { ...state, ...reduceBatch(state, batch) };
    expect(state.outOfStep).toBe(false);
    expect(state.tables.connections.rows.length).toBe(last.tables.connections.count);
    expect(state.tables.listening.rows.length).toBe(last.tables.listening.count);
    const farmRows = state.tables.connections.rows.filter((row) => row.process && farmPids.has(row.process.pid));
    expect(farmRows.length).toBe(data.farm.pairs * 2);
    expect(new Set(state.tables.connections.rows.map(ROW_IDS.connections)).size).toBe(state.tables.connections.rows.length);
    expect(Object.keys(state.alerts).length).toBeLessThanOrEqual(MAX_ALERTS);
    expect(state.severitySeries.length).toBeLessThanOrEqual(SERIES_CAPACITY);
    expect(state.systemSeries.length).toBeLessThanOrEqual(SERIES_CAPACITY);
    expect(Object.keys(state.arpHistory).length).toBeLessThanOrEqual(MAX_TRACKED_IPS);
    // Rows reach the renderer with a slim owner: no command line copied onto each of 50,000 rows.
    expect(farmRows.every((row) => row.process?.cmdline === undefined)).toBe(true);
  });

  it('a reloading window fetches every page of the catch-up and ends with the whole picture', async () => {
    const store = createDashboardStore();
    const bridge = capturedBridge(data);
    connectStore(bridge.api, store);
    await expect.poll(() => store.getState().phase).toBe('ready');
    const pages = data.catchUp.first.more?.pages ?? 0;
    expect(pages).toBeGreaterThan(0);
    expect(bridge.pageRequests).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
    const state = store.getState();
    expect(state.outOfStep).toBe(false);
    expect(state.seq).toBe(last.seq);
    for (const name of ['connections', 'listening', 'arp'] as const) expect(state.tables[name].rows.length, name).toBe(last.tables[name].count);
    const farmRows = state.tables.connections.rows.filter((row) => row.process && farmPids.has(row.process.pid));
    expect(farmRows.length).toBe(data.farm.pairs * 2);
    const alertsSent = data.catchUp.first.alerts.length + data.catchUp.pages.reduce((sum, page) => sum + (page?.alerts.length ?? 0), 0);
    expect(Object.keys(state.alerts).length).toBe(alertsSent);
  });
});

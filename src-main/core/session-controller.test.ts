import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionStatus } from '../../src-shared/api';
import type { TickBatch } from '../../src-shared/model';
import { defaultSettings, type MonitorSettings } from '../../src-shared/settings';
import type { LoadedLists } from '../lists/load-lists';
import type { MonitorSession } from '../session/monitor-session';
import { SessionController } from './session-controller';
import { createMonitorSession } from './session-factory';

const settings: MonitorSettings = { ...defaultSettings(), intervalSec: 0.5, homeNet: ['10.0.0.0/8'] };

/** The real MonitorSession on this host, as the core creates it. */
function controller(created: MonitorSession[] = []) {
  return new SessionController((s, seed) => {
    const session = createMonitorSession(s, seed) as MonitorSession;
    created.push(session);
    return session;
  }, 'this-host');
}

function nextBatch(target: SessionController): Promise<TickBatch> {
  return new Promise((resolve) => {
    const off = target.onBatch((batch) => {
      off();
      resolve(batch);
    });
  });
}

describe('SessionController with the real MonitorSession', () => {
  it('is idle with nothing to report before the first start', () => {
    const target = controller();
    expect(target.status()).toEqual({ state: 'idle', hostname: 'this-host' });
    expect(target.snapshotState()).toEqual({ status: { state: 'idle', hostname: 'this-host' }, alerts: [] });
    expect(target.buildReport()).toBeUndefined();
  });

  it('starts with the settings in force, forwards batches and status, and reports after stop', async () => {
    const created: MonitorSession[] = [];
    const target = controller(created);
    const statuses: SessionStatus['state'][] = [];
    target.onStatus((status) => statuses.push(status.state));
    const first = nextBatch(target);
    const started = await target.start(settings);
    expect(started.state).toBe('running');
    expect(created[0]?.intervalMs).toBe(500);
    const batch = await first;
    expect(batch.seq).toBe(1);
    expect(batch.tables.connections.count).toBe(batch.totals.connections);
    expect(target.snapshotState().lastBatch?.seq).toBeGreaterThanOrEqual(1);
    const stopped = await target.stop();
    expect(stopped.state).toBe('stopped');
    expect(statuses).toEqual(['running', 'stopping', 'stopped']);
    const report = target.buildReport()?.report;
    expect(report?.report_metadata.ticks).toBeGreaterThanOrEqual(1);
    expect(report?.report_metadata.interval).toBe(0.5);
  });

  it('does not create a second session on a double start, and a new start after stop gets a new session', async () => {
    const created: MonitorSession[] = [];
    const target = controller(created);
    await Promise.all([target.start(settings), target.start(settings)]);
    expect(created).toHaveLength(1);
    await target.stop();
    await target.start({ ...settings, intervalSec: 1 });
    expect(created).toHaveLength(2);
    expect(created[1]?.intervalMs).toBe(1000);
    expect(target.status().state).toBe('running');
    await target.stop();
  });

  it('stops forwarding from a replaced session', async () => {
    const created: MonitorSession[] = [];
    const target = controller(created);
    await target.start(settings);
    await target.stop();
    await target.start(settings);
    const seen: TickBatch[] = [];
    target.onBatch((batch) => seen.push(batch));
    const [oldSession, currentSession] = created;
    const fromOld: TickBatch[] = [];
    const fromCurrent: TickBatch[] = [];
    oldSession?.onBatch((batch) => fromOld.push(batch));
    currentSession?.onBatch((batch) => fromCurrent.push(batch));
    await oldSession?.start();
    await new Promise((resolve) => setTimeout(resolve, 800));
    await oldSession?.stop();
    await target.stop();
    expect(fromOld.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen).toEqual(fromCurrent);
    expect(seen.some((batch) => fromOld.includes(batch))).toBe(false);
  });

  it('stop before start is harmless', async () => {
    const target = controller();
    expect(await target.stop()).toEqual({ state: 'idle', hostname: 'this-host' });
  });
});

describe('SessionController.restore (a restarted core)', () => {
  it('continues a running session: same start time, ticks counted on, the old alerts kept and folded into', async () => {
    const target = controller();
    const oldAlert = {
      id: 'non-standard-port:old',
      ruleId: 'non-standard-port',
      techniqueId: 'T1571',
      severity: 'HIGH' as const,
      title: 'kept across the restart',
      description: 'from the crashed core',
      firstSeen: 1_000,
      lastSeen: 2_000,
      count: 3,
      evidence: {},
    };
    const first = nextBatch(target);
    const status = await target.restore(settings, { startedAt: 500, seq: 41, alerts: [oldAlert], alertsDropped: 7 });
    expect(status).toMatchObject({ state: 'running', startedAt: 500 });
    expect(target.restoredFrom()).toMatchObject({ fromJournalOnly: 0, journalRead: false });
    const batch = await first;
    expect(batch.seq).toBe(42);
    // The drop count goes on from the crashed core's.
    expect(batch.alertsDropped).toBeGreaterThanOrEqual(7);
    expect(batch.startedAt).toBe(500);
    expect(target.snapshotState().alerts).toContainEqual(oldAlert);
    await target.stop();
    const report = target.buildReport()?.report;
    expect(report?.report_metadata.ticks).toBeGreaterThanOrEqual(42);
    expect(report?.threat_events.map((event) => event.threat_type)).toContain('kept across the restart');
  });

  it('comes back stopped, with the alerts for export, when the session had stopped', async () => {
    const target = controller();
    const status = await target.restore(settings, { startedAt: 500, endedAt: 900, seq: 7, alerts: [] });
    expect(status).toMatchObject({ state: 'stopped', startedAt: 500, endedAt: 900 });
    expect(target.buildReport()?.report.report_metadata.ticks).toBe(7);
  });
});

describe('SessionController settings', () => {
  const oldAlert = {
    id: 'non-standard-port:kept',
    ruleId: 'non-standard-port',
    techniqueId: 'T1571',
    severity: 'HIGH' as const,
    title: "a stopped session's alert",
    description: 'd',
    firstSeen: 1_000,
    lastSeen: 2_000,
    count: 1,
    evidence: {},
  };

  it('a stopped session takes suppressions too: its alerts, counts and report follow them at once', async () => {
    const target = controller();
    await target.restore(settings, { startedAt: 500, endedAt: 900, seq: 3, alerts: [oldAlert] });
    const suppression = { rule: 'non-standard-port', reason: 'known' };
    expect(await target.applySettings({ ...settings, suppressions: [suppression] })).toBe(false);
    expect(target.snapshotState().alerts[0]).toMatchObject({ status: 'suppressed', suppressedBy: suppression });
    expect(target.buildReport()?.report.executive_summary).toMatchObject({ suppressed: 1, total_threats: 0, risk_level: 'CLEAN' });
    await target.applySettings(settings);
    expect(target.snapshotState().alerts[0]).toMatchObject({ status: 'active' });
    expect(target.buildReport()?.report.executive_summary).toMatchObject({ suppressed: 0, total_threats: 1 });
  });

  it("a stopped session takes a rule's severity override at once, on the alerts it holds, and gives it back when removed", async () => {
    const target = controller();
    await target.restore(settings, { startedAt: 500, endedAt: 900, seq: 3, alerts: [oldAlert] });
    await target.applySettings({ ...settings, rules: { 'non-standard-port': { severity: 'LOW' } } });
    expect(target.snapshotState().alerts[0]).toMatchObject({ severity: 'LOW', ruleSeverity: 'HIGH' });
    expect(target.buildReport()?.report.threat_events[0]).toMatchObject({ severity: 'LOW' });
    await target.applySettings(settings);
    expect(target.snapshotState().alerts[0]).toMatchObject({ severity: 'HIGH' });
    expect(target.snapshotState().alerts[0]?.ruleSeverity).toBeUndefined();
  });

  it("a running session's catch-up batch counts the alerts a suppression just muted", async () => {
    const target = controller();
    const first = nextBatch(target);
    await target.restore(settings, { startedAt: 500, seq: 1, alerts: [oldAlert] });
    await first;
    expect(target.snapshotState().lastBatch?.severityCounts.HIGH).toBeGreaterThanOrEqual(1);
    const before = target.snapshotState().lastBatch?.severityCounts.HIGH ?? 0;
    expect(await target.applySettings({ ...settings, suppressions: [{ key: oldAlert.id }] })).toBe(true);
    const state = target.snapshotState();
    expect(state.alerts.find((alert) => alert.id === oldAlert.id)?.status).toBe('suppressed');
    expect(state.lastBatch?.severityCounts.HIGH).toBe(before - 1);
    expect(state.lastBatch?.suppressedCount).toBe(1);
    await target.stop();
  });

  it('loads the threat lists of the settings for the session it creates, and describes them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ns-controller-lists-'));
    try {
      const path = join(dir, 'bad.txt');
      await writeFile(path, '# one bad network\n198.51.100.0/24\n');
      const given: (LoadedLists | undefined)[] = [];
      const target = new SessionController((s, seed, lists) => {
        given.push(lists);
        return createMonitorSession(s, seed, lists);
      }, 'this-host');
      const refs = [{ kind: 'bad-addresses' as const, path, name: 'lab list' }];
      await target.start({ ...settings, lists: refs });
      await target.stop();
      expect(given[0]?.lists.map((list) => [list.name, list.entries])).toEqual([['lab list', ['198.51.100.0/24']]]);
      expect(await target.describeLists([...refs, { kind: 'tor-relays', path: join(dir, 'none.txt') }])).toMatchObject([
        { name: 'lab list', loaded: true, entries: 1 },
        { name: 'none.txt', loaded: false, problem: expect.stringContaining('ENOENT') },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../src-shared/api';
import type { MonitorSettings, TickBatch } from '../../src-shared/model';
import { MonitorSession } from '../session/monitor-session';
import { SessionController } from './session-controller';

const settings: MonitorSettings = { intervalSec: 0.5, homeNet: ['10.0.0.0/8'], notifications: true };

/** The real MonitorSession on this host, as main creates it. */
function controller(created: MonitorSession[] = []) {
  return new SessionController((s) => {
    const session = new MonitorSession({ intervalMs: s.intervalSec * 1000, homeNetCidrs: s.homeNet });
    created.push(session);
    return session;
  }, 'this-host');
}

function nextBatch(target: SessionController): Promise<TickBatch> {
  return new Promise((resolve) => {
    const off = target.onBatch((batch) => { off(); resolve(batch); });
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
    const report = target.buildReport();
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

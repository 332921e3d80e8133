// The core journals each session of the real MonitorSession, and a restarted core takes the alerts
// back from the journal even when main kept none (its mirror seed is empty).
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert, TickBatch } from '../../src-shared/model';
import { defaultSettings, type MonitorSettings } from '../../src-shared/settings';
import { readJournal } from '../journal/reader';
import { sessionAlerts } from '../journal/replay';
import { SessionController } from './session-controller';
import { createMonitorSession } from './session-factory';

const folder = mkdtempSync(join(tmpdir(), 'ns-core-journal-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const settings: MonitorSettings = { ...defaultSettings(), intervalSec: 0.5 };

function ticks(target: SessionController, count: number): Promise<TickBatch> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = target.onBatch((batch) => {
      if (++seen >= count) {
        off();
        resolve(batch);
      }
    });
  });
}

const oldAlert: Alert = {
  id: 'non-standard-port:journaled',
  ruleId: 'non-standard-port',
  techniqueId: 'T1571',
  severity: 'HIGH',
  title: 'only in the journal',
  description: 'written before the crash',
  firstSeen: 1_000,
  lastSeen: 2_000,
  count: 3,
  evidence: {},
};

describe('SessionController journaling', () => {
  it('journals a session from start to stop, announcing the file', async () => {
    const dir = join(folder, 'plain');
    const target = new SessionController(createMonitorSession, 'this-host');
    const announced: string[] = [];
    target.onJournal((event) => announced.push(event.path));
    const twoTicks = ticks(target, 2);
    await target.start(settings, { dir });
    await twoTicks;
    await target.stop();
    expect(announced).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([announced[0]?.slice(dir.length + 1)]);
    const journal = await readJournal(announced[0] as string);
    expect(journal.start?.settingsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(journal.stop?.ticks).toBe(target.buildReport()?.report.report_metadata.ticks);
    expect(journal.warnings).toEqual([]);
  });

  it('a restarted core continues the session from its journal: alerts main did not keep come back, the same file goes on', async () => {
    const dir = join(folder, 'crash');
    const crashed = new SessionController(createMonitorSession, 'this-host');
    let path = '';
    crashed.onJournal((event) => {
      path = event.path;
    });
    const firstTicks = ticks(crashed, 2);
    await crashed.start(settings, { dir });
    await firstTicks;
    await crashed.stop();
    // Simulate what the crashed core had journaled: an alert main's mirror never saw, and no stop record.
    const kept = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line && !/^\{"t":"(final|stop)"/.test(line));
    writeFileSync(path, `${kept.join('\n')}\n`);
    appendFileSync(path, `${JSON.stringify({ t: 'alert', time: 2_000, alert: oldAlert })}\n`);
    const before = await readJournal(path);
    const seqBefore = before.lastTick?.seq ?? 0;

    const restarted = new SessionController(createMonitorSession, 'this-host');
    const next = ticks(restarted, 1);
    const status = await restarted.restore(settings, { startedAt: 1, seq: 0, alerts: [] }, { dir, path });
    expect(status.state).toBe('running');
    expect((await next).seq).toBe(seqBefore + 1);
    expect(restarted.snapshotState().alerts).toContainEqual(oldAlert);
    // Main's seed was empty: every alert the journal held came back from the journal alone. The live
    // host may add alerts of its own by the first tick (tests running alongside open port-4444 sessions).
    const held = restarted.snapshotState().alerts.length;
    expect(restarted.restoredFrom()).toEqual({ alerts: held, fromJournalOnly: before.alerts.size, journalRead: true });
    expect(held).toBeGreaterThanOrEqual(before.alerts.size);
    await restarted.stop();
    expect(readdirSync(dir)).toHaveLength(1);
    const journal = await readJournal(path);
    expect(journal.resumes).toBe(1);
    expect(journal.stop).toBeDefined();
    expect(sessionAlerts(journal).map((a) => a.id)).toContain(oldAlert.id);
    expect(restarted.buildReport()?.report.threat_events.map((e) => e.id)).toContain(oldAlert.id);
  });
});

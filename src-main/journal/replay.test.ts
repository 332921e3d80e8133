// Replay equality on a real session: the real collector and rules on this host, a real session to a
// known-bad port on loopback, a suppression added mid-session; the report rebuilt from the journal
// is the live report, byte for byte.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoopbackPair, type LoopbackPair } from '../../e2e/support/sockets';
import { TECHNIQUES } from '../../src-shared/attack';
import { buildBudgetedReport } from '../../src-shared/report-budget';
import { defaultSettings } from '../../src-shared/settings';
import { defaultRules } from '../detect/rules';
import type { AnyRule } from '../detect/types';
import { BAD_PORTS } from '../hostile-host/host-processes';
import { MonitorSession } from '../session/monitor-session';
import { parseJournal, readJournal } from './reader';
import { reportInputFromJournal, sessionAlerts, UNFINISHED_NOTE } from './replay';
import { SessionJournal, settingsDigest } from './sink';

const folder = mkdtempSync(join(tmpdir(), 'ns-replay-'));
let pair: LoopbackPair;
beforeAll(async () => {
  pair = await openLoopbackPair(BAD_PORTS);
});
afterAll(async () => {
  await pair?.close();
  rmSync(folder, { recursive: true, force: true });
});

const until = async (condition: () => boolean, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Fires every tick while our loopback session is open: an alert whose count moves each tick (journaled at most every alertRefreshMs). */
function everyTick(port: number): AnyRule {
  return {
    id: 'test-every-tick',
    technique: TECHNIQUES.T1571,
    defaultSeverity: 'LOW',
    summary: 'our loopback session, every tick',
    config: {},
    createState: () => ({}),
    evaluate: (snapshot) =>
      snapshot.connections
        .filter((c) => c.remotePort === port && c.state === 'ESTABLISHED')
        .map(() => ({
          key: `${port}`,
          severity: 'LOW' as const,
          title: 'still open',
          description: `seen at ${snapshot.time}`,
          evidence: { at: snapshot.time },
        })),
  };
}

describe('replay of a journaled real session', () => {
  it('rebuilds the live report exactly, and a journal cut before the end still gives the alerts so far', async () => {
    const session = new MonitorSession({ intervalMs: 150, rules: [...defaultRules(), everyTick(pair.port)] });
    await session.start();
    const journal = new SessionJournal(folder, session, { settingsDigest: settingsDigest(defaultSettings()), fsyncMs: 50, alertRefreshMs: 400 });
    const ours = (): boolean => session.alerts().some((a) => a.techniqueId === 'T1571' && a.destination?.port === pair.port);
    const ticking = (): number => session.alerts().find((a) => a.ruleId === 'test-every-tick')?.count ?? 0;
    await until(() => ours() && ticking() >= 6);
    // A suppression turns our alert suppressed at once: a material change, journaled straight away.
    session.setSuppressions([{ technique: 'T1571', destination: `127.0.0.1:${pair.port}`, reason: 'replay test' }]);
    const ticksAtSuppression = session.ticks();
    await until(() => session.ticks() >= ticksAtSuppression + 4);
    await new Promise((r) => setTimeout(r, 150)); // the periodic fsync has run
    const midway = readFileSync(journal.path, 'utf8');
    await session.stop();
    await journal.close();

    const generatedAt = Date.now();
    const live = session.buildBudgetedReport(generatedAt);
    const replayed = buildBudgetedReport(reportInputFromJournal(await readJournal(journal.path), generatedAt));
    expect(replayed.report.threat_events).toEqual(live.report.threat_events);
    expect(replayed.text).toBe(live.text);
    const event = live.report.threat_events.find((e) => e.mitre.technique_id === 'T1571' && e.destination?.port === pair.port);
    expect(event).toMatchObject({ status: 'suppressed', suppressed_by: { reason: 'replay test' } });
    const counted = live.report.threat_events.find((e) => e.rule === 'test-every-tick');
    expect(counted?.count).toBeGreaterThanOrEqual(10);
    // Its count moved every tick, but it was journaled at most every 400 ms (and once more at the end).
    const lines = readFileSync(journal.path, 'utf8').split('\n');
    const countLines = lines.filter((line) => line.startsWith('{"t":"alert"') && line.includes('"ruleId":"test-every-tick"')).length;
    expect(countLines).toBeGreaterThanOrEqual(2);
    expect(countLines).toBeLessThan(counted?.count ?? 0);

    // Cut mid-session (no final record): the alerts journaled so far, and the report says it is rebuilt.
    const cut = parseJournal(midway);
    expect(cut.final).toBeUndefined();
    expect(sessionAlerts(cut).find((a) => a.id === event?.id)).toMatchObject({ status: 'suppressed' });
    const partial = buildBudgetedReport(reportInputFromJournal(cut, generatedAt)).report;
    expect(partial.coverage).toEqual([{ source: 'journal', message: UNFINISHED_NOTE }]);
    expect(partial.report_metadata.ticks).toBeGreaterThanOrEqual(ticksAtSuppression);
  }, 60_000);

  it('past its size limit a journal keeps only the final records, and still replays to the live threat events', async () => {
    const session = new MonitorSession({ intervalMs: 150, rules: [...defaultRules(), everyTick(pair.port)] });
    await session.start();
    const journal = new SessionJournal(join(folder, 'small'), session, { settingsDigest: 'sha256:0', maxBytes: 3000, alertRefreshMs: 0 });
    await until(() => session.ticks() >= 12);
    await session.stop();
    await journal.close();
    const contents = await readJournal(journal.path);
    expect(contents.lastTick?.seq ?? 0).toBeLessThan(session.ticks());
    expect(contents.stop?.ticks).toBe(session.ticks());
    const generatedAt = Date.now();
    const replayed = buildBudgetedReport(reportInputFromJournal(contents, generatedAt)).report;
    expect(replayed.threat_events).toEqual(session.buildReport(generatedAt).threat_events);
  }, 60_000);
});

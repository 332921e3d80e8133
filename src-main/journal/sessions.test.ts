// Listing past sessions from their journals' first and last records, and retention by age and size.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalRecord, StartRecord, TickRecord } from './records';
import { listSessions, pruneJournals } from './sessions';
import { journalFileName } from './writer';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ns-sessions-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 29, 12);
const none = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
const start = (startedAt: number, hostname = 'web-1'): StartRecord => ({
  t: 'start',
  v: 1,
  startedAt,
  hostname,
  os: 'linux',
  intervalSec: 2,
  tool: { name: 'NetSentinel', version: 't' },
  pid: 9,
  settingsDigest: 'sha256:0',
});
const tick = (seq: number, time: number, counts = none): TickRecord => ({
  t: 'tick',
  seq,
  time,
  counts,
  changed: none,
  suppressed: 1,
  connections: 1,
  listening: 1,
  rxRate: 0,
  txRate: 0,
  warnings: 0,
});

function journal(startedAt: number, records: JournalRecord[], tail = '', mtime = startedAt): string {
  const name = journalFileName(startedAt, 'web-1', 9);
  const path = join(dir, name);
  writeFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join('') + tail);
  utimesSync(path, mtime / 1000, mtime / 1000);
  return path;
}

describe('listSessions', () => {
  it('summarises each journal, newest first: a stopped one from its stop record, an unfinished one from its last tick', async () => {
    const high = { ...none, HIGH: 3, CRITICAL: 0 };
    journal(NOW - 2 * DAY, [
      start(NOW - 2 * DAY),
      tick(1, NOW - 2 * DAY + 2000, high),
      { t: 'stop', endedAt: NOW - 2 * DAY + 60_000, ticks: 30, counts: high, suppressed: 2 },
    ]);
    // Killed mid-line: the torn tail is ignored, the last whole tick counts.
    const big = 'x'.repeat(200_000);
    journal(
      NOW - DAY,
      [
        start(NOW - DAY),
        tick(1, NOW - DAY + 2000),
        tick(2, NOW - DAY + 4000, { ...none, CRITICAL: 1 }),
        {
          t: 'alert',
          time: 1,
          alert: {
            id: 'a',
            ruleId: 'r',
            techniqueId: 'T1571',
            severity: 'LOW',
            title: big,
            description: '',
            firstSeen: 1,
            lastSeen: 1,
            count: 1,
            evidence: {},
          },
        },
      ],
      '{"t":"tick","seq":3,',
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a journal');
    writeFileSync(join(dir, journalFileName(NOW, 'other', 1)), 'garbage\n');
    const sessions = await listSessions(dir);
    expect(sessions).toEqual([
      {
        id: journalFileName(NOW - DAY, 'web-1', 9),
        startedAt: NOW - DAY,
        durationMs: 4000,
        hostname: 'web-1',
        ticks: 2,
        counts: { ...none, CRITICAL: 1 },
        suppressed: 1,
        risk: 'CRITICAL',
        complete: false,
        bytes: expect.any(Number),
      },
      {
        id: journalFileName(NOW - 2 * DAY, 'web-1', 9),
        startedAt: NOW - 2 * DAY,
        durationMs: 60_000,
        hostname: 'web-1',
        ticks: 30,
        counts: high,
        suppressed: 2,
        risk: 'HIGH',
        complete: true,
        bytes: expect.any(Number),
      },
    ]);
  });

  it('is empty for a folder that does not exist yet', async () => {
    expect(await listSessions(join(dir, 'missing'))).toEqual([]);
  });
});

describe('pruneJournals', () => {
  it('deletes journals older than the age limit, then the oldest while over the size limit, never the kept one or other files', async () => {
    const mb = 'x'.repeat(1024 * 1024);
    const ancient = journal(NOW - 40 * DAY, [start(NOW - 40 * DAY)]);
    const old = journal(NOW - 3 * DAY, [start(NOW - 3 * DAY)], mb);
    const recent = journal(NOW - 2 * DAY, [start(NOW - 2 * DAY)], mb);
    const current = journal(NOW - 1000, [start(NOW - 1000)], mb, NOW);
    writeFileSync(join(dir, 'keep-me.txt'), mb);
    const removed = await pruneJournals(dir, { maxAgeDays: 30, maxTotalMB: 3 }, NOW, [current]);
    expect(removed).toEqual([ancient, old]);
    expect(readdirSync(dir).sort()).toEqual(
      [recent, current]
        .map((p) => p.slice(dir.length + 1))
        .concat('keep-me.txt')
        .sort(),
    );
    // Over the size limit with only the kept journal left: it stays.
    expect(await pruneJournals(dir, { maxAgeDays: 1, maxTotalMB: 1 }, NOW + 10 * DAY, [current])).toEqual([recent]);
    expect(readdirSync(dir)).toContain(current.slice(dir.length + 1));
  });
});

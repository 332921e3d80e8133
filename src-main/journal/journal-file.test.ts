// The journal file on disk: records back in order, a torn last line skipped with a warning, a writer
// killed with SIGKILL while it writes (a real child process) loses nothing it handed to the kernel.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal, readJournal, SERIES_MAX_POINTS } from './reader';
import type { AlertRecord, StartRecord, TickRecord } from './records';
import { JournalWriter, journalFileName } from './writer';

const folder = mkdtempSync(join(tmpdir(), 'ns-journal-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const start: StartRecord = {
  t: 'start',
  v: 1,
  startedAt: 1_000,
  hostname: 'h',
  os: 'linux',
  intervalSec: 2,
  tool: { name: 'NetSentinel', version: 't' },
  pid: 1,
  settingsDigest: 'sha256:0',
};
const counts = { CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0 };
const tick = (seq: number, changedHigh = 1): TickRecord => ({
  t: 'tick',
  seq,
  time: 1_000 + seq * 2000,
  counts,
  changed: { ...counts, HIGH: changedHigh },
  suppressed: 0,
  connections: 3,
  listening: 1,
  rxRate: 0,
  txRate: 0,
  warnings: 0,
});
const alertRecord = (n: number, count = 1): AlertRecord => ({
  t: 'alert',
  time: n,
  alert: { id: `r:${n}`, ruleId: 'r', techniqueId: 'T1571', severity: 'HIGH', title: 't', description: 'd', firstSeen: n, lastSeen: n, count, evidence: {} },
});
const lines = (...records: object[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('journal reader', () => {
  it('keeps the latest state per alert, applies evictions named by ticks, and warns about lines that are not records', () => {
    const text = lines(start, alertRecord(1), alertRecord(2), tick(1), alertRecord(1, 5), { ...tick(2), drop: ['r:2'] }) + 'garbage\n' + lines({ t: 'nope' });
    const journal = parseJournal(text);
    expect(journal.start).toEqual(start);
    expect([...journal.alerts.values()].map((a) => [a.id, a.count])).toEqual([['r:1', 5]]);
    expect(journal.lastTick?.seq).toBe(2);
    expect(journal.warnings).toEqual(['line 7: not a journal record; skipped', 'line 8: not a journal record; skipped']);
  });

  it('skips a torn last line with a warning and reads everything before it', () => {
    const whole = lines(start, alertRecord(1), tick(1));
    const torn = lines(alertRecord(2)).slice(0, 40);
    const journal = parseJournal(whole + torn);
    expect(journal.alerts.has('r:1')).toBe(true);
    expect(journal.alerts.has('r:2')).toBe(false);
    expect(journal.warnings).toEqual(['line 4: the last line is incomplete (the session ended mid-write); skipped']);
  });

  it('says so when the start record is missing', () => {
    expect(parseJournal(lines(tick(1))).warnings).toContain('no start record: not a NetSentinel session journal, or its first line was lost');
  });

  it('thins a long session to at most SERIES_MAX_POINTS, summing the alert changes of merged ticks', () => {
    const ticks = Array.from({ length: SERIES_MAX_POINTS * 3 + 7 }, (_, i) => tick(i + 1));
    const journal = parseJournal(lines(start, ...ticks));
    expect(journal.series.length).toBeLessThanOrEqual(SERIES_MAX_POINTS);
    expect(journal.series.length).toBeGreaterThan(SERIES_MAX_POINTS / 4);
    expect(journal.series.reduce((sum, p) => sum + p.changed.HIGH, 0)).toBe(ticks.length);
    expect(journal.series.at(-1)?.seq).toBe(ticks.length);
  });
});

describe('JournalWriter', () => {
  it('appends records in call order, each one line, and a reopened file continues after a torn line', async () => {
    const name = journalFileName(Date.UTC(2026, 10, 29, 20, 1, 2, 123), 'my host!', 42);
    expect(name).toBe('2026-11-29T20-01-02-123Z_my_host__42.ndjson');
    const writer = await JournalWriter.open(folder, name, 10);
    await Promise.all([writer.append(start), writer.append(alertRecord(1)), writer.append(tick(1))]);
    await writer.close();
    const path = join(folder, name);
    expect((await readJournal(path)).lastTick?.seq).toBe(1);
    appendFileSync(path, '{"t":"alert","time":2,"ale');
    const again = await JournalWriter.open(folder, name);
    await again.append(tick(2));
    await again.close();
    const journal = await readJournal(path);
    expect(journal.lastTick?.seq).toBe(2);
    expect(journal.warnings).toEqual(['line 4: not a journal record; skipped']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('drops appends after close instead of throwing', async () => {
    const name = journalFileName(5, 'h', 7);
    writeFileSync(join(folder, name), '');
    const writer = await JournalWriter.open(folder, name);
    await writer.close();
    await expect(writer.append(tick(1))).resolves.toBeUndefined();
    expect(readFileSync(join(folder, name), 'utf8')).toBe('');
  });
});

describe('a writer killed with SIGKILL while it writes (real child process)', () => {
  let childEntry = '';
  const outDir = mkdtempSync(join(tmpdir(), 'ns-journal-child-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  beforeAll(async () => {
    await build({
      configFile: false,
      root: join(import.meta.dirname, '../..'),
      logLevel: 'warn',
      build: {
        ssr: true,
        outDir,
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        rollupOptions: { input: { 'crash-child': join(import.meta.dirname, 'crash-child.ts') }, output: { format: 'es', entryFileNames: '[name].mjs' } },
      },
    });
    childEntry = join(outDir, 'crash-child.mjs');
  }, 60_000);

  it('loses no record the child had written, and the journal reads and continues', async () => {
    for (const [round, delayMs] of [
      [1, 5],
      [2, 40],
      [3, 120],
    ] as const) {
      const name = journalFileName(round, 'crash', round);
      const child = spawn(process.execPath, [childEntry, folder, name, '300000'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let acked = 0;
      let output = '';
      const killed = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (data: Buffer) => {
          output += data.toString();
          acked = Number(output.trimEnd().split('\n').at(-1));
          if (acked >= 3) resolve();
        });
      });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      await killed;
      const ackedAtKill = Number(output.trimEnd().split('\n').at(-1));
      const path = join(folder, name);
      const journal = await readJournal(path);
      expect(journal.start?.hostname).toBe('crash-child');
      // Every record the child saw written is there, in order, whole.
      const ids = [...journal.alerts.keys()];
      expect(ids.length).toBeGreaterThanOrEqual(ackedAtKill);
      expect(ids).toEqual(ids.map((_, i) => `crash:${i + 1}`));
      for (const alert of journal.alerts.values()) expect(alert.description).toHaveLength(300_000);
      const endsClean = readFileSync(path).at(-1) === 0x0a;
      expect(journal.warnings).toEqual(endsClean ? [] : [`line ${ids.length + 2}: the last line is incomplete (the session ended mid-write); skipped`]);
      // A restarted writer continues the same file.
      const resumed = await JournalWriter.open(folder, name);
      await resumed.append({ t: 'resume', time: 1, pid: 2 });
      await resumed.close();
      expect((await readJournal(path)).resumes).toBe(1);
    }
  }, 60_000);
});

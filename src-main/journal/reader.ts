// Reads a session journal back, streaming, with bounded memory. A torn last line (the writer was
// killed or the power went mid-line) or any other unreadable line is skipped with a warning; the
// rest of the journal is still used.
import { createReadStream } from 'node:fs';
import { MAX_ALERTS, pickEvictions } from '../../src-shared/alert-bounds';
import { SEVERITIES, type Alert } from '../../src-shared/model';
import { parseRecord, type FinalRecord, type JournalRecord, type StartRecord, type StopRecord, type TickRecord } from './records';

/** Most tick summaries kept for a timeline; longer sessions are thinned evenly. */
export const SERIES_MAX_POINTS = 2000;
/** A line longer than this is not ours (records are far smaller): skipped without being held. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;
const MAX_WARNINGS = 20;

export interface JournalContents {
  start?: StartRecord;
  /** How many times a restarted core continued the session. */
  resumes: number;
  lastTick?: TickRecord;
  /** Tick summaries, at most SERIES_MAX_POINTS: neighbouring ticks of long sessions merged (their `changed` summed). */
  series: TickRecord[];
  /** Latest state per alert id, least recently changed first; evicted alerts removed. */
  alerts: Map<string, Alert>;
  final?: FinalRecord;
  stop?: StopRecord;
  warnings: string[];
}

/** Folds records into JournalContents, one at a time. */
export class JournalFold {
  readonly contents: JournalContents = { resumes: 0, series: [], alerts: new Map(), warnings: [] };
  private stride = 1;
  private ticks = 0;
  private skipped = 0;

  add(record: JournalRecord): void {
    const c = this.contents;
    switch (record.t) {
      case 'start':
        if (c.start) this.warn('a second start record; ignored');
        else c.start = record;
        break;
      case 'resume':
        c.resumes += 1;
        break;
      case 'tick':
        this.addTick(record);
        break;
      case 'alert':
        c.alerts.delete(record.alert.id); // re-inserted last: least recently changed first
        c.alerts.set(record.alert.id, record.alert);
        if (c.alerts.size > MAX_ALERTS * 2) for (const id of pickEvictions(c.alerts.values())) c.alerts.delete(id);
        break;
      case 'final':
        c.final = record;
        break;
      case 'stop':
        c.stop = record;
        break;
    }
  }

  warn(message: string): void {
    if (this.contents.warnings.length < MAX_WARNINGS) this.contents.warnings.push(message);
    else this.skipped += 1;
  }

  finish(): JournalContents {
    for (const id of pickEvictions(this.contents.alerts.values())) this.contents.alerts.delete(id);
    if (!this.contents.start) this.warn('no start record: not a NetSentinel session journal, or its first line was lost');
    if (this.skipped > 0) this.contents.warnings.push(`${this.skipped} more warnings not shown`);
    return this.contents;
  }

  private addTick(record: TickRecord): void {
    const c = this.contents;
    c.lastTick = record;
    for (const id of record.drop ?? []) c.alerts.delete(id);
    const point = c.series.at(-1);
    const index = this.ticks++;
    if (point && index % this.stride !== 0) c.series[c.series.length - 1] = mergePoints(point, record);
    else c.series.push(record);
    if (c.series.length > SERIES_MAX_POINTS) {
      c.series = pairs(c.series).map(([a, b]) => (b ? mergePoints(a, b) : a));
      this.stride *= 2;
    }
  }
}

/** Two neighbouring ticks as one point: the later one, with the alert changes of both. */
function mergePoints(earlier: TickRecord, later: TickRecord): TickRecord {
  const changed = { ...later.changed };
  for (const severity of SEVERITIES) changed[severity] = (earlier.changed?.[severity] ?? 0) + (later.changed?.[severity] ?? 0);
  return { ...later, changed };
}

function pairs<T>(items: T[]): [T, T | undefined][] {
  const out: [T, T | undefined][] = [];
  for (let i = 0; i < items.length; i += 2) out.push([items[i] as T, items[i + 1]]);
  return out;
}

/** Splits a stream of text into lines; the last piece is reported as torn unless it is a whole record. */
export class LineSplitter {
  private rest = '';
  private overlong = false;
  lineNumber = 0;

  constructor(
    private readonly onLine: (line: string, lineNumber: number) => void,
    private readonly onOverlong: (lineNumber: number) => void,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, end);
      start = end + 1;
      this.lineNumber += 1;
      if (this.overlong) {
        this.overlong = false;
        this.rest = '';
        continue;
      }
      const line = this.rest + piece;
      this.rest = '';
      this.onLine(line, this.lineNumber);
    }
    if (this.overlong) return;
    this.rest += chunk.slice(start);
    if (this.rest.length > MAX_LINE_CHARS) {
      this.overlong = true;
      this.rest = '';
      this.onOverlong(this.lineNumber + 1);
    }
  }

  /** The unterminated last line, if any. */
  end(): string | undefined {
    return this.overlong || this.rest === '' ? undefined : this.rest;
  }
}

export function foldLines(fold: JournalFold): LineSplitter {
  return new LineSplitter(
    (line, n) => {
      if (line.trim() === '') return;
      const record = parseRecord(line);
      if (record) fold.add(record);
      else fold.warn(`line ${n}: not a journal record; skipped`);
    },
    (n) => fold.warn(`line ${n}: longer than ${MAX_LINE_CHARS} characters; skipped`),
  );
}

function finishTorn(fold: JournalFold, splitter: LineSplitter): JournalContents {
  const torn = splitter.end();
  if (torn !== undefined) {
    const record = parseRecord(torn);
    if (record) fold.add(record);
    else fold.warn(`line ${splitter.lineNumber + 1}: the last line is incomplete (the session ended mid-write); skipped`);
  }
  return fold.finish();
}

/** For tests and small texts. */
export function parseJournal(text: string): JournalContents {
  const fold = new JournalFold();
  const splitter = foldLines(fold);
  splitter.push(text);
  return finishTorn(fold, splitter);
}

export async function readJournal(path: string): Promise<JournalContents> {
  const fold = new JournalFold();
  const splitter = foldLines(fold);
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) splitter.push(chunk as string);
  return finishTorn(fold, splitter);
}

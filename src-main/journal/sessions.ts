// Past sessions for the History view, read from each journal's first line and its tail only, and
// retention: journals older than the age limit go, then the oldest while the folder is over its size.
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { riskLevel } from '../../src-shared/report';
import { SESSION_ID_PATTERN, type JournalSessionSummary } from '../../src-shared/journal';
import { parseRecord, type JournalRecord, type StopRecord, type TickRecord } from './records';

const CHUNK = 64 * 1024;
/** How far back from the end a listing looks for the last tick or stop record. */
const TAIL_MAX = 8 * 1024 * 1024;

export interface JournalFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

/** The folder's journal files (only names journalFileName makes), oldest change first. */
export async function journalFiles(dir: string): Promise<JournalFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: JournalFile[] = [];
  for (const name of names.filter((n) => SESSION_ID_PATTERN.test(n))) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) files.push({ name, path, size: info.size, mtimeMs: info.mtimeMs });
  }
  return files.sort((a, b) => a.mtimeMs - b.mtimeMs);
}

async function firstRecord(path: string): Promise<JournalRecord | null> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    const { bytesRead } = await file.read(buffer, 0, CHUNK, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    return parseRecord(end === -1 ? text : text.slice(0, end));
  } finally {
    await file.close();
  }
}

/** The last stop or tick record, reading backwards from the end in chunks. */
async function lastProgress(path: string, size: number): Promise<StopRecord | TickRecord | undefined> {
  const file = await open(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (let end = size; end > 0 && size - end < TAIL_MAX;) {
      const start = Math.max(0, end - CHUNK);
      const chunk = Buffer.alloc(end - start);
      await file.read(chunk, 0, chunk.length, start);
      const joined = Buffer.concat([chunk, carry]);
      const lines = joined.toString('utf8').split('\n');
      // The first piece may be a partial line unless the chunk began at the file's start.
      carry = start > 0 ? Buffer.from(lines.shift() ?? '', 'utf8') : Buffer.alloc(0);
      for (const line of lines.reverse()) {
        const record = line ? parseRecord(line) : null;
        if (record?.t === 'stop' || record?.t === 'tick') return record;
      }
      end = start;
    }
    return undefined;
  } finally {
    await file.close();
  }
}

export async function summariseJournal(file: JournalFile): Promise<JournalSessionSummary | undefined> {
  const start = await firstRecord(file.path).catch(() => null);
  if (start?.t !== 'start') return undefined;
  const last = await lastProgress(file.path, file.size).catch(() => undefined);
  const counts = last?.counts ?? { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  const endedAt = last?.t === 'stop' ? last.endedAt : (last?.time ?? start.startedAt);
  return {
    id: file.name,
    startedAt: start.startedAt,
    durationMs: Math.max(0, endedAt - start.startedAt),
    hostname: start.hostname,
    ticks: last?.t === 'stop' ? last.ticks : (last?.seq ?? 0),
    counts,
    suppressed: last?.suppressed ?? 0,
    risk: riskLevel(counts),
    complete: last?.t === 'stop',
    bytes: file.size,
  };
}

/** Most sessions listed (the newest); retention normally keeps far fewer. */
export const MAX_LISTED_SESSIONS = 1000;

/** Newest first. */
export async function listSessions(dir: string): Promise<JournalSessionSummary[]> {
  const summaries: JournalSessionSummary[] = [];
  for (const file of (await journalFiles(dir)).slice(-MAX_LISTED_SESSIONS)) {
    const summary = await summariseJournal(file);
    if (summary) summaries.push(summary);
  }
  return summaries.sort((a, b) => b.startedAt - a.startedAt);
}

export interface RetentionLimits {
  maxAgeDays: number;
  maxTotalMB: number;
}

/** Deletes journals last written before maxAgeDays, then the oldest while the folder holds more than maxTotalMB; never those in `keep`. */
export async function pruneJournals(dir: string, limits: RetentionLimits, now = Date.now(), keep: readonly string[] = []): Promise<string[]> {
  const files = (await journalFiles(dir)).filter((f) => !keep.includes(f.path));
  const cutoff = now - limits.maxAgeDays * 86_400_000;
  const maxBytes = limits.maxTotalMB * 1024 * 1024;
  let total = (await journalFiles(dir)).reduce((sum, f) => sum + f.size, 0);
  const removed: string[] = [];
  for (const file of files) {
    if (file.mtimeMs >= cutoff && total <= maxBytes) continue;
    try {
      await unlink(file.path);
      total -= file.size;
      removed.push(file.path);
    } catch {
      // Gone already, or not ours to delete: retention tries again next time.
    }
  }
  return removed;
}

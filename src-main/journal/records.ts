// The session journal's records: one JSON object per line (NDJSON), appended while the session runs.
// A file holds one session: start, then ticks and alert changes, (resume after a core restart), and at
// the end what the live report was built from (final) and a small stop record.
import type { Alert, SeverityCounts } from '../../src-shared/model';
import type { ReportInput } from '../../src-shared/report';

export const JOURNAL_VERSION = 1;
export const JOURNAL_SUFFIX = '.ndjson';

export interface StartRecord {
  t: 'start';
  v: number;
  startedAt: number;
  hostname: string;
  os: string;
  intervalSec: number;
  tool: { name: string; version: string };
  pid: number;
  /** `sha256:<hex>` of the settings the session started with: two sessions ran alike when it is equal. */
  settingsDigest: string;
}

/** A compact summary of one tick: counts and rates, no connection lists. */
export interface TickRecord {
  t: 'tick';
  seq: number;
  time: number;
  /** Active alerts by severity after the tick. */
  counts: SeverityCounts;
  /** Alerts created or updated this tick, by severity (the timeline's bars). */
  changed: SeverityCounts;
  suppressed: number;
  connections: number;
  listening: number;
  rxRate: number;
  txRate: number;
  warnings: number;
  /** Alerts the engine evicted this tick (only when there were some). */
  drop?: string[];
}

/** An alert created or changed: its whole state after the change. */
export interface AlertRecord {
  t: 'alert';
  time: number;
  alert: Alert;
}

/** A restarted core continues the session in the same file. */
export interface ResumeRecord {
  t: 'resume';
  time: number;
  pid: number;
}

/** What the live report was built from, besides the alerts (named by id, in the engine's order). */
export type FinalInput = Omit<ReportInput, 'alerts' | 'generatedAt'>;

export interface FinalRecord {
  t: 'final';
  alertIds: string[];
  input: FinalInput;
}

/** The last line of a session that stopped normally: small, so a listing reads it from the file's tail. */
export interface StopRecord {
  t: 'stop';
  endedAt: number;
  ticks: number;
  counts: SeverityCounts;
  suppressed: number;
}

export type JournalRecord = StartRecord | TickRecord | AlertRecord | ResumeRecord | FinalRecord | StopRecord;
export type JournalRecordKind = JournalRecord['t'];

export const RECORD_KINDS: ReadonlySet<string> = new Set<JournalRecordKind>(['start', 'tick', 'alert', 'resume', 'final', 'stop']);

/** One parsed line, or null when it is not a record of ours. */
export function parseRecord(line: string): JournalRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !RECORD_KINDS.has((value as { t?: unknown }).t as string)) return null;
  const record = value as JournalRecord;
  if (record.t === 'alert' && typeof record.alert?.id !== 'string') return null;
  return record;
}

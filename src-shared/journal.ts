// Past sessions as the History view sees them: a summary per session journal, and one session opened
// read-only. Main reads the journals (src-main/journal); these types cross IPC.
import type { Alert, SeverityCounts } from './model';
import type { RiskLevel } from './report';

/** A session id is its journal's file name: `2026-11-29T20-01-02-123Z_host_1234.ndjson`. */
export const SESSION_ID_PATTERN = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z_[A-Za-z0-9.-]{1,64}_\d{1,10}\.ndjson$/;

export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value);
}

export interface JournalSessionSummary {
  id: string;
  startedAt: number;
  durationMs: number;
  hostname: string;
  ticks: number;
  /** Active alerts by severity at the end (or at the last tick journaled). */
  counts: SeverityCounts;
  suppressed: number;
  risk: RiskLevel;
  /** False when the session did not stop normally (killed, crashed, power loss), or still runs. */
  complete: boolean;
  bytes: number;
}

/** Alerts created or updated per tick, by severity: the timeline's bars. */
export interface JournalSeriesPoint extends SeverityCounts {
  time: number;
}

export interface JournalSessionDetail {
  summary: JournalSessionSummary;
  alerts: Alert[];
  series: JournalSeriesPoint[];
  /** Lines the reader skipped (a torn last line, …). */
  warnings: string[];
}

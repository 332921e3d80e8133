// One past session opened read-only for the History view, and its report rebuilt for export.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isSessionId, type JournalSessionDetail } from '../../src-shared/journal';
import type { BudgetedReport } from '../../src-shared/report-budget';
import { readJournal } from './reader';
import { replayBudgetedReport, sessionAlerts } from './replay';
import { summariseJournal } from './sessions';

/** The journal file of a session id; throws for anything but a name journalFileName makes. */
export function sessionPath(dir: string, id: unknown): string {
  if (!isSessionId(id)) throw new Error('not a session id');
  return join(dir, id);
}

export async function openJournalSession(dir: string, id: string): Promise<JournalSessionDetail> {
  const path = sessionPath(dir, id);
  const info = await stat(path);
  const summary = await summariseJournal({ name: id, path, size: info.size, mtimeMs: info.mtimeMs });
  if (!summary) throw new Error(`${id} is not a NetSentinel session journal`);
  const journal = await readJournal(path);
  return {
    summary,
    alerts: sessionAlerts(journal),
    series: journal.series.map((tick) => ({ time: tick.time, ...tick.changed })),
    warnings: journal.warnings,
  };
}

export async function journalSessionReport(dir: string, id: string, now: number = Date.now()): Promise<BudgetedReport> {
  const journal = await readJournal(sessionPath(dir, id));
  if (!journal.start) throw new Error(`${id} is not a NetSentinel session journal`);
  return replayBudgetedReport(journal, now);
}

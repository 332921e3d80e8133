// The CLI's journal: `monitor --journal DIR` writes one, `replay JOURNAL_FILE` rebuilds its report.
import { dirname, resolve } from 'node:path';
import type { BudgetedReport } from '../../src-shared/report-budget';
import type { MonitorSettings } from '../../src-shared/settings';
import { readJournal } from '../journal/reader';
import { missingAlertIds, replayBudgetedReport } from '../journal/replay';
import { pruneJournals } from '../journal/sessions';
import { SessionJournal, settingsDigest, type JournaledSession } from '../journal/sink';
import { errorMessage } from '../../src-shared/error-message';

const MB = 1024 * 1024;

export function openCliJournal(dir: string, session: JournaledSession, settings: MonitorSettings): SessionJournal {
  return new SessionJournal(resolve(dir), session, {
    settingsDigest: settingsDigest(settings),
    maxBytes: settings.journal.maxTotalMB * MB,
    onOpenError: (error) => process.stderr.write(`\nwarning: --journal ${dir}: cannot write the journal (${error.message}); monitoring goes on without it\n`),
  });
}

/** Closes the journal and prunes its folder to the retention limits; problems are printed, never fatal. */
export async function closeCliJournal(journal: SessionJournal, settings: MonitorSettings): Promise<void> {
  try {
    await journal.close();
    process.stderr.write(`Journal written to ${journal.path}.\n`);
  } catch (error) {
    process.stderr.write(`netsentinel: the journal ${journal.path} could not be written: ${errorMessage(error)}\n`);
    return;
  }
  const removed = await pruneJournals(dirname(journal.path), settings.journal, Date.now(), [journal.path]);
  if (removed.length > 0) {
    process.stderr.write(
      `Journal retention (${settings.journal.maxAgeDays} days, ${settings.journal.maxTotalMB} MB) removed ${removed.length} older journal(s).\n`,
    );
  }
}

export interface ReplayResult {
  /** Undefined when the file is not a journal that can be replayed. */
  report?: BudgetedReport;
  /** Warnings and notes for stderr. */
  messages: string[];
}

export async function replayJournal(path: string, now: number = Date.now()): Promise<ReplayResult> {
  let journal;
  try {
    journal = await readJournal(path);
  } catch (error) {
    return { messages: [`netsentinel: cannot read ${path}: ${errorMessage(error)}`] };
  }
  const messages = journal.warnings.map((warning) => `warning: ${path}: ${warning}`);
  if (!journal.start) return { messages: [...messages, `netsentinel: ${path} is not a NetSentinel session journal`] };
  const missing = missingAlertIds(journal);
  if (missing.length > 0) messages.push(`warning: ${missing.length} alert(s) of the session are missing from the journal`);
  if (!journal.final) messages.push('warning: the session did not stop normally; the report is rebuilt from what was journaled (no final network state).');
  return { report: replayBudgetedReport(journal, now), messages };
}

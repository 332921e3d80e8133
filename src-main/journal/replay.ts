// Rebuilds a session's report from its journal. For a session that stopped normally the final record
// holds what the live report was built from, so the rebuilt report's threat events are the same.
import type { Alert } from '../../src-shared/model';
import type { ReportInput } from '../../src-shared/report';
import { buildBudgetedReport, type BudgetedReport } from '../../src-shared/report-budget';
import type { JournalContents } from './reader';

/** The report's alerts: in the live report's order when the session stopped normally. */
export function sessionAlerts(journal: JournalContents): Alert[] {
  if (!journal.final) return [...journal.alerts.values()];
  return journal.final.alertIds.map((id) => journal.alerts.get(id)).filter((a): a is Alert => a !== undefined);
}

/** Ids the final record names but no alert record holds (a journal that lost lines). */
export function missingAlertIds(journal: JournalContents): string[] {
  return journal.final?.alertIds.filter((id) => !journal.alerts.has(id)) ?? [];
}

export const UNFINISHED_NOTE =
  'The session did not stop normally (the process was killed or the computer went down); this report is rebuilt from its journal without the final network state.';

export function reportInputFromJournal(journal: JournalContents, generatedAt: number): ReportInput {
  const alerts = sessionAlerts(journal);
  if (journal.final) return { ...journal.final.input, alerts, generatedAt };
  const start = journal.start;
  const lastTick = journal.lastTick;
  return {
    tool: start?.tool ?? { name: 'NetSentinel', version: 'unknown' },
    hostname: start?.hostname ?? 'unknown',
    os: start?.os ?? 'unknown',
    generatedAt,
    ...(start && { startedAt: start.startedAt }),
    ...(lastTick && { endedAt: lastTick.time }),
    intervalSec: start?.intervalSec ?? 0,
    ticks: lastTick?.seq ?? 0,
    alerts,
    coverage: [{ source: 'journal', message: UNFINISHED_NOTE }],
  };
}

/** The report as the CLI and Export write it (within its size budget). */
export function replayBudgetedReport(journal: JournalContents, generatedAt: number): BudgetedReport {
  return buildBudgetedReport(reportInputFromJournal(journal, generatedAt));
}

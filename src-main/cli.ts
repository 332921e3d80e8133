// `netsentinel monitor`: the headless runner, for servers and tests.
import { resolve } from 'node:path';
import type { TickBatch } from '../src-shared/model';
import type { BudgetedReport } from '../src-shared/report-budget';
import type { MonitorSettings } from '../src-shared/settings';
import { sanitizeDeep, sanitizeText } from '../src-shared/sanitize';
import { parseArgs, USAGE, type MonitorArgs } from './cli/args';
import { closeCliJournal, openCliJournal, replayJournal } from './cli/journal-command';
import { loadCliSettings } from './cli/config';
import { formatStatusLine } from './cli/status-line';
import { writeFallbackReport, writeReportAtomically } from './report/write-report';
import type { MonitorSession } from './session/monitor-session';
import { monitorSessionOnHost } from './core/session-factory';
import { describeList, loadThreatLists } from './lists/load-lists';
import { runNavigatorCommand } from './cli/navigator-command';
import { createAlertSinks, type AlertSinks } from './sinks/alert-sinks';
import { localEcsHost } from './sinks/ecs';
import { TOOL_VERSION } from './version';
import { dashboardUnavailableReason } from './cli/tui/dashboard-availability';
// The dashboard (Ink, React) is imported only when it is shown: a headless run never loads it.
import type { RunningDashboard } from './cli/tui/run-dashboard';
import { errorMessage, toError } from '../src-shared/error-message';

const EXIT_USAGE = 2;
const EXIT_REPORT_NOT_WRITTEN = 3;

/** NDJSON is read on terminals too: every string is passed through the display sanitiser. */
function writeJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(sanitizeDeep(value))}\n`);
}

/** One heartbeat line per tick, then one line per created or changed alert. */
function streamBatch(batch: TickBatch): void {
  writeJsonLine({
    type: 'tick',
    seq: batch.seq,
    time: batch.time,
    connections: batch.totals.connections,
    listening: batch.totals.listening,
    alerts: batch.severityCounts,
    alertsDropped: batch.alertsDropped,
    warnings: batch.warnings,
  });
  for (const alert of batch.changedAlerts) writeJsonLine({ type: 'alert', time: batch.time, alert });
}

/** Writes the report where asked, or to the temp folder when that fails; returns the exit code. */
async function saveReport(budgeted: BudgetedReport, output: string, jsonLines: boolean): Promise<number> {
  const { report } = budgeted;
  const reduced = budgeted.detail === 'full' ? '' : `, ${budgeted.detail}: see its coverage`;
  const summary = `${report.executive_summary.total_threats} threats, risk ${report.executive_summary.risk_level}${reduced}`;
  try {
    const written = await writeReportAtomically(output, budgeted);
    process.stderr.write(`Report written to ${written.path} (${summary}).\n`);
    if (jsonLines) writeJsonLine({ type: 'report', path: written.path, bytes: written.bytes, detail: budgeted.detail });
    return 0;
  } catch (error) {
    process.stderr.write(`netsentinel: ${sanitizeText(errorMessage(error))}\n`);
    try {
      const fallback = await writeFallbackReport(budgeted);
      process.stderr.write(`netsentinel: the report was saved instead to ${fallback} (${summary}).\n`);
      if (jsonLines) writeJsonLine({ type: 'report', path: fallback, fallback: true });
    } catch (fallbackError) {
      process.stderr.write(`netsentinel: the fallback copy failed too: ${sanitizeText((fallbackError as Error).message)}\n`);
      process.stderr.write('netsentinel: printing the report to stdout so nothing is lost.\n');
      process.stdout.write(budgeted.text);
    }
    return EXIT_REPORT_NOT_WRITTEN;
  }
}

function openSinks(args: MonitorArgs, session: MonitorSession, tell: (message: string) => void): AlertSinks | undefined {
  if (!args.ecs && !args.syslog) return undefined;
  const status = session.status();
  return createAlertSinks({
    ...(args.ecs ? { ecs: args.ecs } : {}),
    ...(args.syslog ? { syslog: args.syslog } : {}),
    host: localEcsHost(status.hostname),
    onWarning: (message) => tell(`warning: ${sanitizeText(message)}`),
  });
}

async function closeSinks(sinks: AlertSinks | undefined): Promise<void> {
  if (!sinks) return;
  await sinks.close();
  const syslog = sinks.syslogStats();
  if (syslog && (syslog.failed > 0 || syslog.dropped > 0)) {
    process.stderr.write(`syslog: ${syslog.sent} sent, ${syslog.dropped} dropped, ${syslog.failed} failures (last: ${sanitizeText(syslog.lastError ?? '')})\n`);
  }
}

/** Why `monitor` shows no dashboard (it then keeps the status line), or undefined when it does. */
function noDashboardReason(args: MonitorArgs): string | undefined {
  if (!args.tui) return '--no-tui';
  if (process.stdout.isTTY !== true || process.stdin.isTTY !== true) return 'not a terminal';
  if (args.jsonLines || args.ecs === '-') return 'stdout carries NDJSON';
  return dashboardUnavailableReason(process.env);
}

async function monitor(args: MonitorArgs, settings: MonitorSettings): Promise<number> {
  const output = resolve(args.output);
  const lists = await loadThreatLists(settings.lists);
  for (const list of lists.lists)
    process.stderr.write(`list: ${sanitizeText(describeList(list))}
`);
  for (const warning of lists.warnings)
    process.stderr.write(`warning: ${sanitizeText(warning.message)}
`);
  // The CLI, its dashboard and its sinks read latestSnapshot() and alert changes, never table deltas.
  const session = monitorSessionOnHost(settings, { lists, durationMs: args.durationSec * 1000, tableDeltas: false });
  const withDashboard = noDashboardReason(args) === undefined;
  const showStatus = process.stderr.isTTY === true && !withDashboard;
  // Loaded before the banner so that the dashboard takes the screen as soon as the banner is out.
  const dashboardModule = withDashboard ? await import('./cli/tui/run-dashboard') : undefined;
  process.stderr.write(`NetSentinel ${TOOL_VERSION}: monitoring for ${args.durationSec} s every ${settings.intervalSec} s; report → ${output}\n`);
  const dashboard = dashboardModule
    ? dashboardModule.startDashboard({
        session,
        intervalSec: settings.intervalSec,
        homeNet: settings.homeNet,
        version: TOOL_VERSION,
        onQuit: () => void session.stop(),
      })
    : undefined;
  /** A message for the person watching: on the dashboard while it runs, else on stderr. */
  const tell = (message: string): void => {
    if (dashboard) dashboard.note(message);
    else process.stderr.write(`\n${message}\n`);
  };
  const sinks = openSinks(args, session, tell);
  session.onBatch((batch) => {
    if (args.jsonLines) streamBatch(batch);
    sinks?.send(batch.changedAlerts);
    if (showStatus) process.stderr.write(`\r\x1b[2K${formatStatusLine(batch)}`);
  });

  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      process.stderr.write(`\nnetsentinel: ${signal} again, exiting without a report.\n`);
      process.exit(130);
    }
    interrupted = true;
    tell(`netsentinel: ${signal} received, stopping and writing the report…`);
    void session.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let journal: ReturnType<typeof openCliJournal> | undefined;
  const failure = await runUntilStopped(session, dashboard, () => {
    // Subscribed before the first tick runs (a timer): this runs in the same turn as start's end.
    if (args.journalDir !== undefined) journal = openCliJournal(args.journalDir, session, settings);
  });
  if (showStatus) process.stderr.write('\n');
  if (failure) process.stderr.write(`netsentinel: the dashboard failed: ${sanitizeText(failure.stack ?? failure.message)}\n`);
  await closeSinks(sinks);
  if (journal) await closeCliJournal(journal, settings);

  const lastWarnings = session.latestSnapshot()?.coverage ?? [];
  for (const warning of lastWarnings) process.stderr.write(`coverage: ${sanitizeText(`${warning.message}${warning.hint ? ` (${warning.hint})` : ''}`)}\n`);
  const code = await saveReport(session.buildBudgetedReport(), output, args.jsonLines);
  return failure && code === 0 ? 1 : code;
}

/**
 * Runs the session to its end. With the dashboard, an exception anywhere stops the session (so the
 * report is still written) and the terminal is given back before anything is printed.
 */
async function runUntilStopped(session: MonitorSession, dashboard: RunningDashboard | undefined, afterStart: () => void): Promise<Error | undefined> {
  if (!dashboard) {
    await session.start();
    afterStart();
    await session.whenStopped();
    return undefined;
  }
  let crash: Error | undefined;
  const onCrash = (error: unknown): void => {
    crash ??= toError(error);
    void session.stop();
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    await session.start();
    afterStart();
    await session.whenStopped();
  } catch (error) {
    onCrash(error);
  } finally {
    const appFailure = await dashboard.close();
    crash ??= appFailure;
    process.removeListener('uncaughtException', onCrash);
    process.removeListener('unhandledRejection', onCrash);
  }
  return crash;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  switch (parsed.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'version':
      process.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    case 'error':
      process.stderr.write(`netsentinel: ${parsed.message}\nRun "netsentinel --help" for usage.\n`);
      return EXIT_USAGE;
    case 'replay': {
      const result = await replayJournal(parsed.journal);
      for (const line of result.messages) process.stderr.write(`${sanitizeText(line)}\n`);
      return result.report ? saveReport(result.report, resolve(parsed.output), false) : EXIT_USAGE;
    }
    case 'navigator': {
      const result = await runNavigatorCommand(parsed.report, parsed.output);
      process.stderr.write(`${result.code === 0 ? '' : 'netsentinel: '}${sanitizeText(result.message)}\n`);
      return result.code;
    }
    case 'monitor': {
      const settings = await loadCliSettings(parsed.configPath, parsed.overrides);
      if (!settings.ok) {
        process.stderr.write(`netsentinel: ${settings.error}\n`);
        return EXIT_USAGE;
      }
      return monitor(parsed, settings.value);
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`netsentinel: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}\n`);
    process.exitCode = 1;
  },
);

// What the window's banner (and main's log) says after the core process died: what NetSentinel kept
// and, as far as main can know, what was lost. Main knows what it forwarded (its mirror); the restarted
// core says what it continued with (main's copy merged with the session journal).
import type { RestoreOutcome, SessionSeed } from '../../src-shared/core-protocol';

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const stopped = (code: number): string => `The monitoring core stopped unexpectedly (exit code ${code})`;

/** While the restarted core restores the session (or when there was no session to restore). */
export function restartingNotice(code: number, seed: SessionSeed | undefined): string {
  if (!seed) return `${stopped(code)}; NetSentinel restarted it.`;
  return `${stopped(code)}; NetSentinel is restarting it with the ${plural(seed.alerts.length, 'alert')} main had received.`;
}

/**
 * Once the restarted core answered: the alerts it continued with (and how many only the journal had),
 * and what did not survive. `heldBack` is how many alerts the core had not sent yet at its latest batch.
 */
export function restartedNotice(code: number, seed: SessionSeed, outcome: RestoreOutcome, heldBack: number): string {
  const journal = outcome.fromJournalOnly > 0 ? ` (${outcome.fromJournalOnly.toLocaleString('en-US')} of them only in the session journal)` : '';
  const running = seed.endedAt === undefined;
  const kept = running
    ? `NetSentinel restarted it and continued the session with ${plural(outcome.alerts, 'alert')}${journal}`
    : `NetSentinel restarted it with the stopped session's ${plural(outcome.alerts, 'alert')}${journal} for the report`;
  const lost: string[] = [];
  if (running) lost.push('the tick in progress');
  if (heldBack > 0 && !outcome.journalRead) lost.push(`${plural(heldBack, 'alert')} the core had not sent yet (no session journal to recover them from)`);
  if (running) lost.push("the rules' recent history (scans, beacons, brute force and other counts over time start again)");
  lost.push(running ? "the report's network state and metrics before the restart" : "the report's network state and metrics");
  return `${stopped(code)}; ${kept}. Lost: ${lost.join('; ')}.`;
}

/** The restarted core could not take the session back. */
export function restoreFailedNotice(code: number, seed: SessionSeed, error: string): string {
  return (
    `${stopped(code)}; NetSentinel restarted it but could not continue the session (${error}): ` +
    `the ${plural(seed.alerts.length, 'alert')} main had received are not in the new core. Start monitoring to begin again.`
  );
}

import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/model';
import { restartedNotice, restartingNotice, restoreFailedNotice } from './crash-notice';

const alert = (id: string): Alert => ({
  id,
  ruleId: 'r',
  techniqueId: 'T1571',
  severity: 'HIGH',
  title: id,
  description: '',
  firstSeen: 1,
  lastSeen: 1,
  count: 1,
  evidence: {},
});
const seed = { startedAt: 1, seq: 9, alerts: [alert('a'), alert('b')] };
const status = { state: 'running' as const, hostname: 'h' };

describe('crash notices', () => {
  it('while restoring, counts what main had received; with no session, only says the core was restarted', () => {
    expect(restartingNotice(137, seed)).toBe(
      'The monitoring core stopped unexpectedly (exit code 137); NetSentinel is restarting it with the 2 alerts main had received.',
    );
    expect(restartingNotice(3, undefined)).toBe('The monitoring core stopped unexpectedly (exit code 3); NetSentinel restarted it.');
  });

  it('once restored, counts what the core continued with (journal included) and names what was lost', () => {
    const fromJournal = restartedNotice(137, seed, { status, alerts: 5, fromJournalOnly: 3, journalRead: true }, 4);
    expect(fromJournal).toBe(
      'The monitoring core stopped unexpectedly (exit code 137); NetSentinel restarted it and continued the session with 5 alerts ' +
        "(3 of them only in the session journal). Lost: the tick in progress; the rules' recent history (scans, beacons, brute force and other counts " +
        "over time start again); the report's network state and metrics before the restart.",
    );
    // Without a journal, the alerts held back by the batch budget were only in the dead core.
    expect(restartedNotice(137, seed, { status, alerts: 2, fromJournalOnly: 0, journalRead: false }, 4)).toContain(
      'continued the session with 2 alerts. Lost: the tick in progress; 4 alerts the core had not sent yet (no session journal to recover them from);',
    );
    expect(restartedNotice(9, { ...seed, endedAt: 5 }, { status: { ...status, state: 'stopped' }, alerts: 1, fromJournalOnly: 0, journalRead: false }, 0)).toBe(
      "The monitoring core stopped unexpectedly (exit code 9); NetSentinel restarted it with the stopped session's 1 alert for the report. " +
        "Lost: the report's network state and metrics.",
    );
  });

  it('says when the session could not be continued', () => {
    expect(restoreFailedNotice(137, seed, 'no settings')).toMatch(
      /could not continue the session \(no settings\): the 2 alerts main had received are not in the new core/,
    );
  });
});

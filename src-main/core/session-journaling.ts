// The core's journal of its current session: opened when a session starts (after pruning the folder
// to the retention limits), continued by a restarted core, closed with the final records at stop.
import { dirname } from 'node:path';
import type { MonitorSettings } from '../../src-shared/settings';
import { pruneJournals } from '../journal/sessions';
import { SessionJournal, settingsDigest, type JournaledSession } from '../journal/sink';
import { errorMessage } from '../../src-shared/error-message';

const MB = 1024 * 1024;

export interface JournalEvent {
  path: string;
  /** Set when the journal could not be written; the session goes on without it. */
  error?: string;
}

export class SessionJournaling {
  private current: SessionJournal | undefined;

  constructor(
    private readonly emit: (event: JournalEvent) => void,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** A new journal in `dir` for a session that has just started (call before its first tick). */
  begin(session: JournaledSession, settings: MonitorSettings, dir: string): void {
    this.open(session, settings, dir);
    const keep = this.current ? [this.current.path] : [];
    pruneJournals(dir, settings.journal, Date.now(), keep).catch((error: unknown) => this.log(`journal retention failed: ${errorMessage(error)}`));
  }

  /** Continues the journal of a session a crashed core was running. */
  resume(session: JournaledSession, settings: MonitorSettings, path: string): void {
    this.open(session, settings, dirname(path), path);
  }

  /** Writes the final records of the (stopped) session and closes the file. */
  async end(): Promise<void> {
    const journal = this.current;
    this.current = undefined;
    if (!journal) return;
    try {
      await journal.close();
    } catch (error) {
      this.emit({ path: journal.path, error: `the session journal could not be written: ${errorMessage(error)}` });
    }
  }

  private open(session: JournaledSession, settings: MonitorSettings, dir: string, resumePath?: string): void {
    const journal = new SessionJournal(dir, session, {
      settingsDigest: settingsDigest(settings),
      maxBytes: settings.journal.maxTotalMB * MB,
      ...(resumePath !== undefined && { resumePath }),
      onOpenError: (error) => this.emit({ path: journal.path, error: `the session journal cannot be written: ${error.message}` }),
    });
    this.current = journal;
    this.emit({ path: journal.path });
  }
}

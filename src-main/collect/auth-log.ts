// Follows the auth logs (`tail -F` style) and hands each tick the login outcomes written since the
// last one. A file seen at the first read is followed from its end (history is not replayed as
// live); one that appears later, or is rotated or truncated, is read from its start. Every read is
// bounded: the peer chooses what these lines say and how many there are.
import { open } from 'node:fs/promises';
import type { CoverageWarning, LoginEvent } from '../../src-shared/model';
import { errorMessage } from '../../src-shared/error-message';
import { parseAuthLine } from './auth-log-lines';
import { LineSplitter } from './line-splitter';
import { JOURNAL_RETRY_MS, JournalFollower } from './journal-follow';

/** Where Debian/Ubuntu (rsyslog) and Red Hat/SUSE write sshd's messages. */
export const AUTH_LOG_DEFAULT_PATHS: readonly string[] = ['/var/log/auth.log', '/var/log/secure'];
/** Most login outcomes one tick carries; more are counted in a coverage warning. */
export const AUTH_LOG_MAX_EVENTS = 2_000;
/** Most bytes read from one file per tick; a file that grew more is read from this far before its end. */
export const AUTH_LOG_MAX_BYTES_PER_TICK = 1 << 20;
/** Longer lines are skipped: no login line of sshd or dropbear comes near it. */
const MAX_LINE_CHARS = 4_096;

const HINT = 'Run as root or as a member of the group that owns the file (adm on Debian and Ubuntu), or give another file with --auth-log.';

interface FollowedFile {
  ino: number;
  dev: number;
  offset: number;
  lines: LineSplitter;
}

interface FileReport {
  lines: string[];
  skippedBytes: number;
}

export class AuthLogTail {
  private readonly followed = new Map<string, FollowedFile>();
  private firstRead = true;
  private journal: JournalFollower | undefined;
  private journalLookedAt: number | undefined;

  /**
   * `configured`: files the user named (a missing one is reported); `defaults`: tried quietly;
   * `journal`: when no file is readable, follow the systemd journal if this host keeps one.
   */
  constructor(
    private readonly configured: readonly string[],
    private readonly defaults: readonly string[] = AUTH_LOG_DEFAULT_PATHS,
    private readonly now: () => number = Date.now,
    private readonly journalOptions: { follow: boolean; dirs?: readonly string[] } = { follow: false },
  ) {}

  /** Stops following the journal (the next read starts again). */
  close(): void {
    this.journal?.stop();
    this.journal = undefined;
    this.journalLookedAt = undefined;
  }

  /** Login outcomes written since the last read; undefined when no auth log could be read at all. */
  async read(coverage: CoverageWarning[]): Promise<LoginEvent[] | undefined> {
    const paths = [...new Set([...this.configured, ...this.defaults])];
    if (paths.length === 0) return undefined;
    const warned = coverage.length;
    const reports = await Promise.all(paths.map((path) => this.readFile(path, coverage)));
    this.firstRead = false;
    const readable = reports.filter((r): r is FileReport => r !== undefined);
    if (readable.length === 0) {
      const journal = this.journalLines(coverage, warned);
      if (journal !== undefined) return this.logins([{ lines: journal, skippedBytes: 0 }], coverage);
      // Said once: a file that exists but is not readable, or a named one missing, was reported already.
      if (coverage.length === warned) coverage.push(noAuthLog(paths));
      return undefined;
    }
    this.close();
    return this.logins(readable, coverage);
  }

  /** The journal's login lines when it is followed without a problem (the files' warnings then go); else undefined. */
  private journalLines(coverage: CoverageWarning[], warned: number): string[] | undefined {
    if (!this.journalOptions.follow) return undefined;
    if (!this.journal) {
      // Looked for once a minute at most: a host without a journal pays nothing per tick.
      const now = this.now();
      if (this.journalLookedAt !== undefined && now - this.journalLookedAt < JOURNAL_RETRY_MS) return undefined;
      this.journalLookedAt = now;
      if (!JournalFollower.available(this.journalOptions.dirs)) return undefined;
      this.journal = new JournalFollower();
    }
    const { lines, problem, dropped } = this.journal.take();
    if (problem) {
      coverage.push(problem);
      return undefined;
    }
    coverage.splice(warned, coverage.length - warned, ...(dropped ? [dropped] : []));
    return lines;
  }

  private logins(reports: readonly FileReport[], coverage: CoverageWarning[]): LoginEvent[] {
    const at = this.now();
    const events: LoginEvent[] = [];
    let dropped = 0;
    for (const { lines, skippedBytes } of reports) {
      if (skippedBytes > 0) {
        coverage.push({
          source: 'auth-log',
          message: `an auth log grew by more than ${AUTH_LOG_MAX_BYTES_PER_TICK} bytes in one tick: ${skippedBytes} bytes were skipped`,
          count: skippedBytes,
        });
      }
      for (const line of lines) {
        const login = line.length <= MAX_LINE_CHARS ? parseAuthLine(line) : undefined;
        if (!login) continue;
        if (events.length < AUTH_LOG_MAX_EVENTS) events.push({ ...login, at });
        else dropped += 1;
      }
    }
    if (dropped > 0)
      coverage.push({ source: 'auth-log', message: `${dropped} login lines beyond ${AUTH_LOG_MAX_EVENTS} in one tick were not read`, count: dropped });
    return events;
  }

  /** The whole lines appended since the last read; undefined when the file cannot be read. */
  private async readFile(path: string, coverage: CoverageWarning[]): Promise<FileReport | undefined> {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') {
        coverage.push({ source: 'auth-log', message: `cannot read ${path}: failed logins against this host are judged from connections only`, hint: HINT });
      } else if (this.configured.includes(path)) {
        coverage.push({ source: 'auth-log', message: `auth log ${path}: ${code === 'ENOENT' ? 'no such file (yet)' : errorMessage(error)}` });
      }
      this.followed.delete(path);
      return undefined;
    }
    try {
      return await this.readNew(path, handle, coverage);
    } finally {
      await handle.close();
    }
  }

  private async readNew(path: string, handle: import('node:fs/promises').FileHandle, coverage: CoverageWarning[]): Promise<FileReport> {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      coverage.push({ source: 'auth-log', message: `auth log ${path} is not a regular file` });
      return { lines: [], skippedBytes: 0 };
    }
    let file = this.followed.get(path);
    const replaced = file !== undefined && (file.ino !== stat.ino || file.dev !== stat.dev || stat.size < file.offset);
    if (file === undefined || replaced) {
      // Present at the first read: follow from the end. Created, rotated or truncated since: from the start.
      file = { ino: stat.ino, dev: stat.dev, offset: this.firstRead ? stat.size : 0, lines: new LineSplitter(MAX_LINE_CHARS) };
      this.followed.set(path, file);
    }
    const end = stat.size;
    const start = Math.max(file.offset, end - AUTH_LOG_MAX_BYTES_PER_TICK);
    const skippedBytes = start - file.offset;
    if (skippedBytes > 0) file.lines.cut();
    const length = end - start;
    file.offset = end;
    if (length === 0) return { lines: [], skippedBytes };
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    file.offset = start + bytesRead;
    const lines = file.lines.push(buffer.subarray(0, bytesRead));
    return { lines, skippedBytes };
  }
}

function noAuthLog(paths: readonly string[]): CoverageWarning {
  return {
    source: 'auth-log',
    message: `no readable auth log (${paths.join(', ')}): failed logins against this host are judged from connections only`,
    hint: 'On hosts that log only to the journal, install rsyslog (or start sshd with -E FILE) and give the file with --auth-log.',
  };
}

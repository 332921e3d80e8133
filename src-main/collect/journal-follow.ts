// sshd's and dropbear's messages from the systemd journal, for hosts that keep no auth.log (Debian
// 12 and later without rsyslog, Fedora, Arch): one long-lived `journalctl --follow` child, filtered
// by syslog identifier, whose lines wait (bounded) until the next tick takes them. It is started only
// when no auth log file is readable, and stopped with the session.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageWarning } from '../../src-shared/model';
import { LineSplitter } from './line-splitter';

/** Where journald keeps its files (volatile, then persistent); without either there is no journal to follow. */
export const JOURNAL_DIRS: readonly string[] = ['/run/log/journal', '/var/log/journal'];
const IDENTIFIERS = ['sshd', 'sshd-session', 'sshd-auth', 'dropbear'];
/** Most characters of lines held between two ticks; later lines are counted and dropped. */
const MAX_PENDING_CHARS = 1 << 20;
const MAX_LINE_CHARS = 4_096;
const MAX_STDERR_CHARS = 2_000;
/** A journalctl that ended is started again after this long. */
export const JOURNAL_RETRY_MS = 60_000;

const GROUP_HINT =
  "Run as root or as a member of the 'systemd-journal' or 'adm' group, or have sshd log to a file (rsyslog, sshd -E) and give it with --auth-log.";

const entries = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

export class JournalFollower {
  private child: ChildProcess | undefined;
  private pending: string[] = [];
  private pendingChars = 0;
  private dropped = 0;
  private stderr = '';
  private endedAt: number | undefined;
  private problem: string | undefined;

  constructor(
    private readonly command = 'journalctl',
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether this host keeps a journal: a `*.journal` file under one of the dirs' machine folders.
   * The folder alone says little: the systemd package creates an empty /var/log/journal where no
   * journald runs (containers), and journalctl would then wait on nothing.
   */
  static available(dirs: readonly string[] = JOURNAL_DIRS): boolean {
    return dirs.some((dir) => entries(dir).some((machine) => entries(join(dir, machine)).some((file) => file.endsWith('.journal'))));
  }

  /**
   * The lines written since the last call (starting or restarting journalctl when needed); `problem`
   * when the journal cannot be followed, or hides the system's messages from this user.
   */
  take(): { lines: string[]; problem?: CoverageWarning; dropped?: CoverageWarning } {
    if (!this.child && (this.endedAt === undefined || this.now() - this.endedAt >= JOURNAL_RETRY_MS)) this.start();
    const taken: { lines: string[]; problem?: CoverageWarning; dropped?: CoverageWarning } = { lines: this.pending };
    if (this.stderr.includes('not seeing messages from other users') || this.stderr.includes('insufficient permissions')) {
      taken.problem = {
        source: 'auth-log',
        message: "the journal hides the system's messages from this user: failed logins against this host are judged from connections only",
        hint: GROUP_HINT,
      };
    } else if (this.problem !== undefined) {
      taken.problem = { source: 'auth-log', message: `following the journal: ${this.problem}` };
    }
    if (this.dropped > 0) {
      taken.dropped = {
        source: 'auth-log',
        message: `${this.dropped} journal lines beyond ${MAX_PENDING_CHARS} characters in one tick were not read`,
        count: this.dropped,
      };
      this.dropped = 0;
    }
    this.pending = [];
    this.pendingChars = 0;
    return taken;
  }

  stop(): void {
    this.child?.kill();
    this.child = undefined;
  }

  private start(): void {
    const args = ['--follow', '--lines=0', '--output=short-iso', '--no-pager', ...IDENTIFIERS.map((id) => `--identifier=${id}`)];
    const child = spawn(this.command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', SYSTEMD_COLORS: '0' } });
    this.child = child;
    this.problem = undefined;
    this.stderr = '';
    const lines = new LineSplitter(MAX_LINE_CHARS);
    child.stdout?.on('data', (chunk: Buffer) => this.hold(lines.push(chunk)));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < MAX_STDERR_CHARS) this.stderr += chunk.toString('utf8').slice(0, MAX_STDERR_CHARS - this.stderr.length);
    });
    child.on('error', (error: NodeJS.ErrnoException) => this.ended(child, error.code === 'ENOENT' ? `${this.command} is not installed` : error.message));
    child.on('exit', (code, signal) =>
      this.ended(
        child,
        `${this.command} ended (${signal ?? `exit code ${String(code)}`})${this.stderr ? `: ${this.stderr.trim().split('\n').at(-1) ?? ''}` : ''}`,
      ),
    );
    // The monitor must not wait for journalctl to exit (stop() ends it with the session).
    child.unref();
    for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  }

  private hold(lines: string[]): void {
    for (const line of lines) {
      if (this.pendingChars + line.length > MAX_PENDING_CHARS) {
        this.dropped += 1;
        continue;
      }
      this.pending.push(line);
      this.pendingChars += line.length;
    }
  }

  private ended(child: ChildProcess, problem: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.endedAt = this.now();
    this.problem = problem;
  }
}

// The journal path against a real systemd-journald: the host's own when one runs, else one started
// here standalone (root; Debian's systemd package). Messages go in through journald's syslog socket
// as sshd's do, and come out through a real `journalctl --follow`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageWarning, LoginEvent } from '../../src-shared/model';
import { parseAuthLine } from './auth-log-lines';
import { AuthLogTail } from './auth-log';
import { JournalFollower } from './journal-follow';
import { JOURNALD, SYSLOG_SOCKET, journaldRunning, startJournal, stopJournal } from '../../e2e/support/journald';

const hasJournalctl = ((): boolean => {
  try {
    execFileSync('journalctl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const running = journaldRunning() && existsSync(SYSLOG_SOCKET) && hasJournalctl;
const canStart = process.getuid?.() === 0 && existsSync(JOURNALD) && hasJournalctl;
const reason = 'needs a running systemd-journald, or root to start one (apt-get install -y systemd)';
if (!running && !canStart) console.log(`journal-follow.integration: skipped: ${reason}`);

async function until<T>(what: string, get: () => T | undefined, ms = 8_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const value = get();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One syslog message as a daemon with this identifier writes it. */
const log = (identifier: string, message: string): void => {
  execFileSync('logger', ['--socket', SYSLOG_SOCKET, '-t', identifier, message]);
};

/** Logs sshd lines until journalctl, just started, hands one over: from then on it follows. */
async function followed(take: () => string[]): Promise<void> {
  await until('journalctl to follow', () => {
    log('sshd', 'Server listening on 0.0.0.0 port 22.');
    return take().length > 0 ? true : undefined;
  });
}

describe.skipIf(!running && !canStart)(`following the journal (${reason})`, () => {
  beforeAll(() => startJournal({ devLog: false }));
  afterAll(stopJournal);

  it("hands over sshd's and dropbear's new lines, and no other program's", async () => {
    const follower = new JournalFollower();
    expect(follower.take()).toEqual({ lines: [] });
    await followed(() => follower.take().lines);
    log('cron', 'Failed password for root from 192.0.2.78 port 1 ssh2');
    log('sshd', 'Failed password for root from 192.0.2.77 port 4242 ssh2');
    log('dropbear', "Bad password attempt for 'admin' from 192.0.2.79:5555");
    const lines: string[] = [];
    await until('the dropbear line', () => {
      lines.push(...follower.take().lines);
      return lines.some((l) => l.includes('192.0.2.79')) ? true : undefined;
    });
    follower.stop();
    expect(lines.some((l) => l.includes('192.0.2.78'))).toBe(false);
    expect(lines.map(parseAuthLine).filter(Boolean)).toEqual([
      { outcome: 'failed', daemon: 'sshd', user: 'root', address: '192.0.2.77', port: 4242 },
      { outcome: 'failed', daemon: 'dropbear', user: 'admin', address: '192.0.2.79', port: 5555 },
    ]);
  });

  it('is what AuthLogTail reads when no auth log file is readable, without a coverage warning', async () => {
    const tail = new AuthLogTail([], ['/nonexistent/auth.log'], () => 7, { follow: true });
    const coverage: CoverageWarning[] = [];
    const logins = async (logging: () => void): Promise<LoginEvent[]> => {
      for (const end = Date.now() + 8_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        logging();
        const events = (await tail.read(coverage)) ?? [];
        if (events.length > 0) return events;
      }
      throw new Error('no login read from the journal');
    };
    // A marker login until journalctl, just started, hands one over; then the one under test, once.
    await logins(() => log('sshd', 'Invalid user marker from 192.0.2.250 port 1'));
    let once = false;
    const events = await logins(() => (once ? undefined : ((once = true), log('sshd', 'Invalid user oracle from 198.51.100.4 port 61000'))));
    tail.close();
    expect(events.filter((e) => e.address !== '192.0.2.250')).toEqual([
      { outcome: 'invalid-user', daemon: 'sshd', user: 'oracle', address: '198.51.100.4', port: 61000, at: 7 },
    ]);
    expect(coverage).toEqual([]);
  });
});

// A systemd journal for tests and lab scenarios whose daemons log through syslog, as on a host with
// no auth.log: the host's journald when one runs, else one started here (root), with /dev/log
// pointing at it when asked. Whatever this starts or creates, stopJournal() removes again.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { JournalFollower } from '../../src-main/collect/journal-follow';

export const JOURNALD = '/lib/systemd/systemd-journald';
/** journald's syslog socket (what /dev/log points at on a systemd host). */
export const SYSLOG_SOCKET = '/run/systemd/journal/dev-log';
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const CREATED_BY_JOURNALD = ['/run/log/journal', '/run/systemd/journal'];

let started: { journald: ChildProcess; created: string[] } | undefined;

export function journaldRunning(): boolean {
  try {
    execFileSync('pgrep', ['-x', 'systemd-journal'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `devLog`: also point /dev/log at journald when nothing is there (sshd logs through it). */
export async function startJournal(options: { devLog: boolean }): Promise<void> {
  if (started || journaldRunning()) return;
  const created = [...CREATED_BY_JOURNALD, ...(options.devLog ? ['/dev/log'] : [])].filter((path) => !existsSync(path));
  rmSync(SYSLOG_SOCKET, { force: true }); // left by a journald that is gone
  const journald = spawn(JOURNALD, [], { stdio: 'ignore' });
  started = { journald, created };
  // Ready when its syslog socket is open and its journal file exists (what a monitor looks for).
  const ready = (): boolean => existsSync(SYSLOG_SOCKET) && JournalFollower.available();
  for (let i = 0; i < 50 && !ready(); i++) await delay(100);
  if (!ready()) throw new Error('systemd-journald did not open its syslog socket and journal');
  if (created.includes('/dev/log')) symlinkSync(SYSLOG_SOCKET, '/dev/log');
}

export async function stopJournal(): Promise<void> {
  if (!started) return;
  const { journald, created } = started;
  started = undefined;
  journald.kill();
  await new Promise((resolve) => (journald.exitCode !== null ? resolve(undefined) : journald.once('exit', resolve)));
  for (const path of created) rmSync(path, { recursive: true, force: true });
}

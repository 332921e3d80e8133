// A systemd journal for scenarios whose sshd logs through syslog, as on a host with no auth.log:
// the host's journald when one runs, else one started here with /dev/log pointing at it. Whatever
// this starts or creates, stopJournal() removes again (the scenario's after()).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { delay } from './lab';

export const JOURNALD = '/lib/systemd/systemd-journald';
const SYSLOG_SOCKET = '/run/systemd/journal/dev-log';
const CREATED_BY_JOURNALD = ['/run/log/journal', '/run/systemd/journal'];

let started: { journald: ChildProcess; created: string[] } | undefined;

function journaldRunning(): boolean {
  try {
    execFileSync('pgrep', ['-x', 'systemd-journal'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function startJournal(): Promise<void> {
  if (started || journaldRunning()) return;
  const created = [...CREATED_BY_JOURNALD, '/dev/log'].filter((path) => !existsSync(path));
  rmSync(SYSLOG_SOCKET, { force: true }); // left by a journald that is gone
  const journald = spawn(JOURNALD, [], { stdio: 'ignore' });
  started = { journald, created };
  for (let i = 0; i < 50 && !existsSync(SYSLOG_SOCKET); i++) await delay(100);
  if (!existsSync(SYSLOG_SOCKET)) throw new Error('systemd-journald did not open its syslog socket');
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

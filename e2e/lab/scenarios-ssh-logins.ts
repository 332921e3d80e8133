// Logins against an OpenSSH sshd in the victim ("this host"): password guessing and spraying with
// hydra while sshd writes the auth log the monitor follows (as rsyslog writes /var/log/auth.log),
// guessing judged from connections alone (no log), and an admin's ordinary logins, a mistyped
// password among them, that must stay quiet.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDR, NS, labAuthLog, type Lab, type LabProcess } from './lab';
import { isEndpoint, mentions, stopping } from './scenario-kit';
import type { Scenario, StagedActivity } from './scenarios';
import { waitForSocket } from './scenario-kit-net';
import { JOURNALD, startJournal, stopJournal } from '../support/journald';

const OPENSSH_PORT = 2022;

type LogTo = 'file' | 'journal' | 'none';

/**
 * An OpenSSH sshd in the victim on a high port that takes (and refuses) passwords, with its own host
 * key. It logs to the file the monitor follows (as rsyslog writes auth.log), through syslog (the
 * journal, startJournal()), or to stderr only ('none': the monitor sees its connections alone).
 */
async function victimOpenSsh(lab: Lab, logTo: LogTo): Promise<{ sshd: LabProcess; adminKey: string }> {
  const dir = mkdtempSync(join(lab.tmp, 'sshd-victim-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host')]);
  // The admin's key (benign-ssh-logins-logged) is the one key this sshd accepts.
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'admin')]);
  execFileSync('cp', [join(dir, 'admin.pub'), join(dir, 'authorized_keys')]);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${OPENSSH_PORT}`,
      `ListenAddress ${ADDR.victim}`,
      `HostKey ${join(dir, 'host')}`,
      'PermitRootLogin yes',
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'MaxStartups 100',
      'PidFile none',
      '',
    ].join('\n'),
  );
  const logging = { file: ['-E', labAuthLog(lab)], journal: [], none: ['-e'] }[logTo];
  const sshd = lab.run(NS.victim, ['/usr/sbin/sshd', '-D', ...logging, '-f', join(dir, 'sshd_config')]);
  await waitForSocket(lab, NS.victim, ['-ltn'], `${ADDR.victim}:${OPENSSH_PORT}`);
  return { sshd, adminKey: join(dir, 'admin') };
}

function wordlist(lab: Lab, count: number): string {
  const path = join(lab.tmp, 'gap-words.txt');
  writeFileSync(path, Array.from({ length: count }, (_, i) => `Winter${2000 + i}!`).join('\n'));
  return path;
}

/** hydra (4 tasks; by default 300 passwords for root) from the attacker against an OpenSSH sshd in the victim. */
async function hydraAgainstVictimSshd(
  lab: Lab,
  options: string[],
  logTo: LogTo,
  credentials = ['-l', 'root', '-P', wordlist(lab, 300)],
): Promise<StagedActivity> {
  const { sshd } = await victimOpenSsh(lab, logTo);
  const hydra = ['hydra', ...credentials, '-t', '4', ...options, '-I', `ssh://${ADDR.victim}:${OPENSSH_PORT}`];
  const guesser = lab.run(NS.attacker, ['sh', '-c', 'cd "$0" && exec "$@"', lab.tmp, ...hydra]);
  return { names: (alert) => isEndpoint(alert.source, ADDR.attacker) || mentions(alert, ADDR.attacker), stop: stopping(guesser, sshd) };
}

export const SSH_LOGIN_SCENARIOS: Scenario[] = [
  {
    id: 'ssh-brute-force-openssh-in',
    title: `hydra from ${ADDR.attacker} guessing root's password on an OpenSSH sshd in this host (${ADDR.victim}:${OPENSSH_PORT}), 4 tasks; sshd logs to the auth log the monitor follows`,
    expected: 'T1110',
    mustName: `source ${ADDR.attacker}`,
    // hydra 9.4 against OpenSSH 9.2 makes 24 password attempts over 5 connections in under 1 s, then none
    // for 30 s (its task wait, -w, defaults to 32 s): too few connections to judge, but 24 failed logins in the log.
    needs: ['hydra', '/usr/sbin/sshd', 'ssh-keygen'],
    windowMs: 40_000,
    stage: (lab) => hydraAgainstVictimSshd(lab, [], 'file'),
  },
  {
    id: 'ssh-brute-force-openssh-in-journal',
    title: `the same hydra burst against an OpenSSH sshd in this host that logs through syslog to the systemd journal (no auth.log: Debian 12+, Fedora, Arch)`,
    expected: 'T1110',
    mustName: `source ${ADDR.attacker}`,
    needs: ['hydra', '/usr/sbin/sshd', 'ssh-keygen', JOURNALD, 'journalctl'],
    windowMs: 40_000,
    // No auth log file (an earlier scenario's sshd -E wrote one): a readable file would be followed instead.
    before: async (lab) => {
      rmSync(labAuthLog(lab), { force: true });
      await startJournal({ devLog: true });
    },
    stage: (lab) => hydraAgainstVictimSshd(lab, [], 'journal'),
    after: stopJournal,
  },
  {
    id: 'ssh-spray-openssh-in',
    title: `hydra from ${ADDR.attacker} trying one password for 40 user names on the OpenSSH sshd in this host (${ADDR.victim}:${OPENSSH_PORT}), logged`,
    expected: 'T1110',
    mustName: `source ${ADDR.attacker}`,
    needs: ['hydra', '/usr/sbin/sshd', 'ssh-keygen'],
    windowMs: 40_000,
    stage: (lab) => {
      const users = join(lab.tmp, 'spray-users.txt');
      writeFileSync(users, Array.from({ length: 40 }, (_, i) => ['admin', 'oracle', 'deploy', 'git', 'test'][i % 5] + String(i)).join('\n'));
      return hydraAgainstVictimSshd(lab, [], 'file', ['-L', users, '-p', 'Spring2026!']);
    },
  },
  {
    id: 'ssh-brute-force-openssh-in-paced',
    title: `hydra -t 4 -w 3 from ${ADDR.attacker} against the OpenSSH sshd in this host (${ADDR.victim}:${OPENSSH_PORT}): each task reconnects after its 6 tries (measured by hand: 29 connections, 168 failed passwords in 20 s)`,
    expected: 'T1110',
    mustName: `source ${ADDR.attacker}`,
    needs: ['hydra', '/usr/sbin/sshd', 'ssh-keygen'],
    windowMs: 40_000,
    // Not logged: judged from its connections alone.
    stage: (lab) => hydraAgainstVictimSshd(lab, ['-w', '3'], 'none'),
  },
  {
    id: 'benign-ssh-logins-logged',
    title: `an admin on ${ADDR.srv[0]}: four key logins to the OpenSSH sshd in this host (${ADDR.victim}:${OPENSSH_PORT}), one held open, and two mistyped passwords; logged`,
    expected: null,
    forbidden: ['T1110'],
    mustName: '-',
    needs: ['ssh', 'ssh-keygen', '/usr/sbin/sshd'],
    windowMs: 25_000,
    async stage(lab) {
      const { sshd, adminKey } = await victimOpenSsh(lab, 'file');
      const common = `-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p ${OPENSSH_PORT}`;
      const askpass = join(lab.tmp, 'wrong-password.sh');
      writeFileSync(askpass, '#!/bin/sh\necho Wrong-Password-1\n');
      chmodSync(askpass, 0o755);
      const admin = lab.run(
        NS.srv1,
        [
          'bash',
          '-c',
          [
            `ssh ${common} -i ${adminKey} -o BatchMode=yes root@${ADDR.victim} sleep 20 &`,
            ...Array.from({ length: 3 }, () => `ssh ${common} -i ${adminKey} -o BatchMode=yes root@${ADDR.victim} uptime; sleep 2`),
            ...Array.from(
              { length: 2 },
              () => `ssh ${common} -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1 root@${ADDR.victim} true < /dev/null; sleep 3`,
            ),
            'wait',
          ].join('\n'),
        ],
        { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' },
      );
      return { names: () => false, stop: stopping(admin, sshd) };
    },
    // Quiet only counts if the logins happened and were logged: 4 accepted keys and 2 refused passwords.
    async after(lab) {
      const log = readFileSync(labAuthLog(lab), 'utf8');
      const accepted = log.match(new RegExp(`Accepted publickey for root from ${ADDR.srv[0]} `, 'g'))?.length ?? 0;
      const refused = log.match(new RegExp(`Failed password for root from ${ADDR.srv[0]} `, 'g'))?.length ?? 0;
      if (accepted !== 4 || refused !== 2) throw new Error(`the auth log shows ${accepted} accepted keys and ${refused} refused passwords, not 4 and 2`);
    },
  },
];

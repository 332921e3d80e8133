// Network pieces the tunnel, C2 and shell scenarios share: extra listeners on the external host,
// waiting for a socket to show up, the lab's OpenSSH server and ssh tunnels through it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAgent } from './agents';
import { ADDR, NS, delay, type Lab, type LabNs, type LabProcess } from './lab';
import { mentions, stopping } from './scenario-kit';
import type { StagedActivity } from './scenarios';

/** The lab sshd's port on the external host. */
export const SSH_PORT = 2222;

/** Extra listeners on the "internet" host for this scenario only (`port=mode`). */
export function extListeners(lab: Lab, specs: string[]): Promise<LabProcess> {
  return startAgent(lab, NS.ext, 'tcp-server', ['--name', 'ext-c2', ...specs.flatMap((s) => ['--listen', `${ADDR.ext}:${s}`])]);
}

/** Waits until `ss` in the namespace shows the text (a listener or an established session). */
export async function waitForSocket(lab: Lab, ns: LabNs, args: string[], text: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (lab.exec(ns, 'ss', ...args).includes(text)) return;
    await delay(100);
  }
  throw new Error(`${ns}: no socket with ${text} after ${timeoutMs} ms:\n${lab.exec(ns, 'ss', ...args)}`);
}

interface SshLab {
  server: LabProcess;
  key: string;
}

/** An OpenSSH server on the external host (its own keys and config in the lab's scratch folder). */
export async function startSshServer(lab: Lab): Promise<SshLab> {
  const dir = mkdtempSync(join(lab.tmp, 'ssh-'));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  for (const name of ['host', 'user']) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
  }
  execFileSync('cp', [join(dir, 'user.pub'), join(dir, 'authorized_keys')]);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${SSH_PORT}`,
      `ListenAddress ${ADDR.ext}`,
      `HostKey ${join(dir, 'host')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'AllowTcpForwarding yes',
      'PidFile none',
      '',
    ].join('\n'),
  );
  const server = lab.run(NS.ext, ['/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')]);
  await waitForSocket(lab, NS.ext, ['-ltn'], `${ADDR.ext}:${SSH_PORT}`);
  return { server, key: join(dir, 'user') };
}

/** The lab ssh client's options for the external sshd, ending with the destination (forwards go before them). */
export function sshClientArgs(key: string): string[] {
  return [
    '-N',
    '-p',
    String(SSH_PORT),
    '-i',
    key,
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    `root@${ADDR.ext}`,
  ];
}

/** ssh with forwarding options through the lab's sshd; `exercise` drives traffic through the forward. */
export function sshTunnel(forward: string[], exercise: (lab: Lab) => LabProcess): (lab: Lab) => Promise<StagedActivity> {
  return async (lab) => {
    const { server, key } = await startSshServer(lab);
    const web = await startAgent(lab, NS.ext, 'tcp-server', ['--name', 'ext-web-c2', '--listen', `${ADDR.ext}:8081=http`]);
    const ssh = lab.run(NS.victim, ['ssh', ...forward, ...sshClientArgs(key)]);
    await waitForSocket(lab, NS.victim, ['-tn'], `${ADDR.ext}:${SSH_PORT}`);
    const traffic = exercise(lab);
    return {
      names: (alert) => alert.process?.pid === ssh.pid || (alert.process?.name === 'ssh' && mentions(alert, ADDR.ext)),
      stop: stopping(traffic, ssh, web, server),
    };
  };
}

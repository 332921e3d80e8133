// Benign corpus (issue 11): everyday activity that must raise no HIGH/CRITICAL alert, and
// periodic jobs that may be reported as periodic at MEDIUM/LOW at most.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAgent } from './agents';
import { ADDR, NS, delay, type Lab, type LabProcess } from './lab';
import { stopping } from './scenario-kit';
import type { Scenario, StagedActivity } from './scenarios';

const SSH_SERVER = ADDR.web[1];

/** Waits until check() holds, or throws with what it saw. */
async function waitFor(what: string, check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

/** An OpenSSH server in the "internet" namespace with a throw-away host key, accepting one client key. */
async function startSshServer(lab: Lab): Promise<{ server: LabProcess; clientKey: string }> {
  const dir = join(lab.tmp, 'ssh');
  mkdirSync(dir, { recursive: true });
  for (const name of ['host', 'client']) lab.exec(NS.victim, 'ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name));
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, lab.exec(NS.victim, 'cat', join(dir, 'client.pub')), { mode: 0o600 });
  // sshd's privilege separation directory (the openssh-server package normally provides it).
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const server = lab.run(NS.ext, [
    '/usr/sbin/sshd',
    '-D',
    '-e',
    '-f',
    '/dev/null',
    '-o',
    `ListenAddress=${SSH_SERVER}:22`,
    '-o',
    `HostKey=${join(dir, 'host')}`,
    '-o',
    `AuthorizedKeysFile=${authorized}`,
    '-o',
    'StrictModes=no',
    '-o',
    'PidFile=none',
    '-o',
    'UsePAM=no',
    '-o',
    'PrintLastLog=no',
    '-o',
    'PermitRootLogin=prohibit-password',
  ]);
  await waitFor('sshd to listen', () => !server.running || lab.exec(NS.ext, 'ss', '-ltnH', 'sport', '=', ':22').includes(SSH_SERVER));
  if (!server.running) throw new Error(`sshd exited: ${server.stderr.trim()}`);
  return { server, clientKey: join(dir, 'client') };
}

async function sshSessions(lab: Lab): Promise<StagedActivity> {
  const { server, clientKey } = await startSshServer(lab);
  const clients = ['uptime; exec sleep 40', 'for i in $(seq 40); do date; sleep 1; done', 'tail -f /dev/null'].map((command) =>
    lab.run(NS.victim, [
      'ssh',
      '-F',
      '/dev/null',
      '-i',
      clientKey,
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'LogLevel=ERROR',
      '-o',
      'ServerAliveInterval=5',
      `root@${SSH_SERVER}`,
      command,
    ]),
  );
  const established = (): number =>
    lab.exec(NS.victim, 'ss', '-tnH', 'state', 'established', 'dst', `${SSH_SERVER}:22`).trim().split('\n').filter(Boolean).length;
  await waitFor('3 ssh sessions', () => established() >= 3 || clients.some((c) => !c.running));
  const failed = clients.find((c) => !c.running);
  if (failed) throw new Error(`ssh exited: ${failed.stderr.trim()}`);
  return { names: () => false, stop: stopping(...clients, server) };
}

/** `apt-get update && apt-get install`-like: the index from each mirror, then 24 packages, 6 at a time, into a cache. */
async function packageDownloads(lab: Lab): Promise<StagedActivity> {
  const cache = join(lab.tmp, 'apt-cache');
  mkdirSync(cache, { recursive: true });
  const sizes = [20_000, 150_000, 800_000, 2_500_000, 60_000, 4_000_000, 300_000, 35_000];
  const index = ADDR.web.flatMap((mirror, m) => ['-o', join(cache, `Packages-${m}`), `http://${mirror}/debian/Packages.xz?bytes=400000`]);
  const packages = Array.from({ length: 24 }, (_, i) => {
    const mirror = ADDR.web[i % ADDR.web.length];
    return ['-o', join(cache, `pkg-${i}.deb`), `http://${mirror}/debian/pool/pkg-${i}.deb?bytes=${sizes[i % sizes.length]}`];
  }).flat();
  const curl = ['curl', '-sS', '--fail', '--parallel', '--parallel-max', '6'];
  const job = lab.run(NS.victim, [
    'bash',
    '-c',
    [
      [...curl, ...index],
      [...curl, ...packages],
    ]
      .map((c) => c.map((a) => `'${a}'`).join(' '))
      .join(' && '),
  ]);
  return {
    names: () => false,
    stop: async () => {
      const code = await Promise.race([job.exited, delay(1)]);
      await job.stop();
      if (code !== 0) throw new Error(`downloads did not complete (exit ${String(code)}): ${job.stderr.trim()}`);
    },
  };
}

/** A dev server on loopback and the many short connections of a browser and a test watcher. */
async function devServer(lab: Lab): Promise<StagedActivity> {
  const server = lab.run(NS.victim, ['python3', '-m', 'http.server', '5173', '--bind', '127.0.0.1', '--directory', lab.tmp]);
  await waitFor('the dev server', () => !server.running || lab.exec(NS.victim, 'ss', '-ltnH', 'sport', '=', ':5173').includes('127.0.0.1'));
  const reloads = await startAgent(lab, NS.victim, 'periodic', [
    '--to',
    '127.0.0.1:5173',
    '--every',
    '100',
    '--jitter',
    '50',
    '--path',
    '/',
    '--seconds',
    '60',
  ]);
  const assets = await startAgent(lab, NS.victim, 'periodic', [
    '--to',
    '127.0.0.1:5173',
    '--to',
    '127.0.0.1:5173',
    '--every',
    '700',
    '--jitter',
    '600',
    '--path',
    '/src/main.tsx',
    '--seconds',
    '60',
  ]);
  return { names: () => false, stop: stopping(reloads, assets, server) };
}

/** A metrics scrape of the three internal servers every 15 s and an update check every 60 s. */
async function periodicJobs(lab: Lab): Promise<StagedActivity> {
  const scraper = await startAgent(lab, NS.victim, 'periodic', [
    ...ADDR.srv.flatMap((s) => ['--to', `${s}:80`]),
    '--every',
    '15000',
    '--path',
    '/metrics',
    '--seconds',
    '300',
  ]);
  const updates = await startAgent(lab, NS.victim, 'periodic', [
    '--to',
    `${ADDR.web[2]}:443`,
    '--every',
    '60000',
    '--path',
    '/check?channel=stable',
    '--seconds',
    '300',
  ]);
  return { names: () => false, stop: stopping(scraper, updates) };
}

export const BENIGN_SCENARIOS: Scenario[] = [
  {
    id: 'benign-ssh-sessions',
    title: `3 ssh sessions from 3 ssh processes to an OpenSSH server at ${SSH_SERVER}:22`,
    expected: null,
    forbidden: ['T1110', 'T1572'],
    mustName: '-',
    needs: ['ssh', 'ssh-keygen', '/usr/sbin/sshd'],
    windowMs: 15_000,
    stage: sshSessions,
  },
  {
    id: 'benign-package-downloads',
    title: `package-manager-like burst: 3 indexes, then 24 packages (20 kB–4 MB), 6 parallel, from ${ADDR.web.join(', ')} into a cache, not run`,
    expected: null,
    forbidden: ['T1105'],
    mustName: '-',
    needs: ['curl'],
    windowMs: 15_000,
    stage: packageDownloads,
  },
  {
    id: 'benign-dev-server',
    title: 'a dev server on 127.0.0.1:5173 with ~13 new loopback connections a second',
    expected: null,
    mustName: '-',
    needs: ['python3'],
    windowMs: 15_000,
    stage: devServer,
  },
  {
    id: 'benign-periodic-jobs',
    title: `periodic jobs: metrics scrape of ${ADDR.srv.join(', ')} every 15 s, update check to ${ADDR.web[2]}:443 every 60 s, for 140 s`,
    expected: null,
    periodic: true,
    mustName: '-',
    windowMs: 140_000,
    stage: periodicJobs,
  },
];

// Tunnels and proxies (T1572, T1090), unusual ports (T1571) and DNS query streams through the
// configured resolver (T1071.004), staged for real, plus the benign activity they must not flag.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../../src-shared/model';
import { TUNNEL_ZONE, startAgent } from './agents';
import { ADDR, NS, delay, type Lab, type LabNs, type LabProcess } from './lab';
import type { Scenario, StagedActivity } from './scenarios';

const SSH_PORT = 2222;

function mentions(alert: Alert, text: string): boolean {
  return JSON.stringify([alert.source, alert.destination, alert.process, alert.evidence, alert.title, alert.description]).includes(text);
}

function stopAll(...processes: LabProcess[]): () => Promise<void> {
  return async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
}

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

/** A bash one-liner in the victim, with a scratch folder as its working directory. */
function victimBash(lab: Lab, script: string): LabProcess {
  return lab.run(NS.victim, ['bash', '-c', `cd ${lab.tmp} && ${script}`]);
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
      stop: stopAll(traffic, ssh, web, server),
    };
  };
}

/** A loop of short HTTP requests from the victim, optionally through a SOCKS proxy. */
function curlLoop(lab: Lab, url: string, socks?: string): LabProcess {
  const proxy = socks ? `--socks5-hostname ${socks} ` : '';
  return victimBash(lab, `while :; do curl -s -m 3 ${proxy}${url} > /dev/null; sleep 0.7; done`);
}

/** A random base32 label per query, under the tunnel zone. */
const RANDOM_NAME = `$(head -c 25 /dev/urandom | base32 | tr -d = | tr A-Z a-z).${TUNNEL_ZONE}`;

/** One fresh connected UDP socket per query, as a tunnel client built on the stub resolver does. */
const ONE_SHOT_QUERIES = String.raw`
import random, socket, string, struct, time
server = [l.split()[1] for l in open('/etc/resolv.conf') if l.startswith('nameserver')][0]
zone = '${TUNNEL_ZONE}'
end = time.time() + 90
qid = 0
while time.time() < end:
    qid = (qid + 1) & 0xffff
    label = ''.join(random.choice(string.ascii_lowercase + '234567') for _ in range(50))
    qname = b''.join(bytes([len(p)]) + p.encode() for p in (label + '.' + zone).split('.')) + b'\0'
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1)
    s.connect((server, 53))
    s.send(struct.pack('>HHHHHH', qid, 0x0100, 1, 0, 0, 0) + qname + struct.pack('>HH', 16, 1))
    try:
        s.recv(512)
    except OSError:
        pass
    s.close()
    time.sleep(0.01)
`;

export const C2_SCENARIOS: Scenario[] = [
  {
    id: 'tunnel-socat-relay',
    title: `socat TCP-LISTEN:8000,fork relays the attacker to ${ADDR.ext}:7443 (pivot)`,
    expected: 'T1090',
    mustName: 'socat, both ends',
    alsoTrue: ['T1571'],
    needs: ['socat'],
    windowMs: 15_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['7443=hold']);
      const relay = lab.run(NS.victim, ['socat', 'TCP-LISTEN:8000,fork,reuseaddr', `TCP:${ADDR.ext}:7443`]);
      await waitForSocket(lab, NS.victim, ['-ltn'], ':8000');
      const client = await startAgent(lab, NS.attacker, 'sessions', ['--to', `${ADDR.victim}:8000`, '--seconds', '60']);
      return {
        names: (alert) => alert.process?.name === 'socat' && mentions(alert, `${ADDR.ext}:7443`) && mentions(alert, ADDR.attacker),
        stop: stopAll(client, relay, sink),
      };
    },
  },
  {
    id: 'tunnel-nc-fifo-relay',
    title: `ncat -l 2323 < fifo | nc ${ADDR.ext} 9999 > fifo, reached from ${ADDR.srv[0]}`,
    expected: 'T1090',
    mustName: 'ncat + nc pipeline, both ends',
    alsoTrue: ['T1571'],
    needs: ['ncat', 'nc'],
    windowMs: 15_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['9999=hold']);
      const relay = victimBash(lab, `rm -f relay.fifo && mkfifo relay.fifo && ncat -l 2323 < relay.fifo | nc ${ADDR.ext} 9999 > relay.fifo`);
      await waitForSocket(lab, NS.victim, ['-ltn'], ':2323');
      const client = await startAgent(lab, NS.srv1, 'sessions', ['--to', `${ADDR.victim}:2323`, '--seconds', '60']);
      return {
        names: (alert) => mentions(alert, `${ADDR.ext}:9999`) && mentions(alert, ADDR.srv[0]),
        stop: stopAll(client, relay, sink),
      };
    },
  },
  {
    id: 'tunnel-ssh-local-forward',
    title: `ssh -N -L 127.0.0.1:8022:${ADDR.ext}:8081 through an sshd on ${ADDR.ext}:${SSH_PORT}, used by curl`,
    expected: 'T1572',
    mustName: 'ssh, the forward and the server',
    alsoTrue: ['T1090', 'T1571'],
    needs: ['ssh', 'ssh-keygen', '/usr/sbin/sshd', 'curl'],
    windowMs: 15_000,
    stage: sshTunnel(['-L', `127.0.0.1:8022:${ADDR.ext}:8081`], (lab) => curlLoop(lab, 'http://127.0.0.1:8022/')),
  },
  {
    id: 'tunnel-ssh-socks',
    title: `ssh -N -D 1080 (SOCKS proxy) through an sshd on ${ADDR.ext}:${SSH_PORT}, used by curl`,
    expected: 'T1572',
    mustName: 'ssh with its dynamic forward',
    alsoTrue: ['T1090', 'T1571'],
    needs: ['ssh', 'ssh-keygen', '/usr/sbin/sshd', 'curl'],
    windowMs: 15_000,
    stage: sshTunnel(['-D', '1080'], (lab) => curlLoop(lab, `http://${ADDR.ext}:8081/`, '127.0.0.1:1080')),
  },
  {
    id: 'unusual-port-node',
    title: `a node program holds a session to ${ADDR.ext}:40000 (IANA: an obscure registration)`,
    expected: 'T1571',
    mustName: 'destination port 40000',
    windowMs: 10_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['40000=hold']);
      const client = await startAgent(lab, NS.victim, 'sessions', ['--to', `${ADDR.ext}:40000`, '--seconds', '60']);
      return { names: (alert) => alert.destination?.port === 40000 && alert.process?.pid === client.pid, stop: stopAll(client, sink) };
    },
  },
  {
    id: 'unusual-port-curl-loop',
    title: `a shell loop runs curl to ${ADDR.ext}:7443 every 2 s (each fetch closes within a tick)`,
    expected: 'T1571',
    // A fetch that ends before a tick reads the descriptors is seen in TIME_WAIT only, without its owner.
    mustName: 'destination port 7443 (curl when a tick catches it open)',
    needs: ['curl'],
    windowMs: 10_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['7443=http']);
      const loop = victimBash(lab, `while :; do curl -s -m 2 http://${ADDR.ext}:7443/ > /dev/null; sleep 2; done`);
      return {
        names: (alert) =>
          alert.ruleId === 'unusual-port' &&
          alert.destination?.address === ADDR.ext &&
          alert.destination.port === 7443 &&
          (alert.process === undefined || alert.process.name === 'curl'),
        stop: stopAll(loop, sink),
      };
    },
  },
  {
    id: 'unusual-port-nc-shell',
    title: `nc under a shell holds a session to ${ADDR.ext}:55555 (no IANA service)`,
    expected: 'T1571',
    mustName: 'nc, port 55555, HIGH',
    needs: ['nc'],
    windowMs: 10_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['55555=hold']);
      const session = victimBash(lab, `sleep 60 | nc ${ADDR.ext} 55555`);
      return {
        names: (alert) => alert.process?.name === 'nc' && alert.destination?.port === 55555 && alert.severity === 'HIGH',
        stop: stopAll(session, sink),
      };
    },
  },
  {
    id: 'dns-stream-dig-loop',
    title: `a shell loop runs dig for random names under ${TUNNEL_ZONE} through the configured resolver ${ADDR.gw}`,
    expected: 'T1071.004',
    mustName: 'the loop (bash) running dig, with the rate',
    needs: ['dig'],
    windowMs: 25_000,
    async stage(lab) {
      const loop = victimBash(lab, `while :; do dig +tries=1 +time=1 +short TXT ${RANDOM_NAME} > /dev/null; done`);
      return {
        names: (alert) => alert.process?.pid === loop.pid && typeof alert.evidence.hostUdpDatagramsPerSec === 'number',
        stop: stopAll(loop),
      };
    },
  },
  {
    id: 'dns-stream-dig-batch',
    title: `dig -f: one dig run querying 3,000 random names under ${TUNNEL_ZONE} back to back via ${ADDR.gw}`,
    expected: 'T1071.004',
    mustName: 'the shell that started dig (or the unattributed stream), with the rate',
    needs: ['dig'],
    windowMs: 25_000,
    async stage(lab) {
      const names = Array.from({ length: 3000 }, () => `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}.${TUNNEL_ZONE} TXT`);
      writeFileSync(join(lab.tmp, 'names.txt'), `${names.join('\n')}\n`);
      const batch = victimBash(lab, 'dig +tries=1 +time=1 +short -f names.txt > /dev/null; sleep 60');
      return {
        names: (alert) => alert.ruleId === 'dns-query-rate' && (alert.process?.pid === batch.pid || alert.process === undefined) && mentions(alert, ADDR.gw),
        stop: stopAll(batch),
      };
    },
  },
  {
    id: 'dns-stream-one-shot-sockets',
    title: `python3 sends ~20 queries/s under ${TUNNEL_ZONE}, one fresh UDP socket each, to the configured resolver`,
    expected: 'T1071.004',
    // Each socket closes within ~40 ms, usually before the descriptor scan can name its owner: the
    // fd walk's socket churn names python3 all the same.
    mustName: 'python3, the resolver and the rate',
    needs: ['python3'],
    windowMs: 25_000,
    async stage(lab) {
      const client = lab.run(NS.victim, ['python3', '-c', ONE_SHOT_QUERIES]);
      return {
        names: (alert) => alert.ruleId === 'dns-query-rate' && alert.process?.pid === client.pid && mentions(alert, ADDR.gw),
        stop: stopAll(client),
      };
    },
  },
  {
    id: 'benign-web-app-db',
    title: `a web app on :8080 that asks a local database (127.0.0.1:5432) per request, used from ${ADDR.srv[0]}`,
    expected: null,
    forbidden: ['T1090', 'T1572'],
    mustName: '-',
    windowMs: 15_000,
    async stage(lab) {
      const db = await startAgent(lab, NS.victim, 'tcp-server', ['--name', 'db', '--listen', '127.0.0.1:5432=hold']);
      const app = await startAgent(lab, NS.victim, 'web-app', ['--listen', '0.0.0.0:8080', '--backend', '127.0.0.1:5432']);
      const users = await startAgent(lab, NS.srv1, 'sessions', [
        '--to',
        `${ADDR.victim}:8080`,
        '--to',
        `${ADDR.victim}:8080`,
        '--seconds',
        '60',
        '--every',
        '700',
      ]);
      return { names: () => false, stop: stopAll(users, app, db) };
    },
  },
  {
    id: 'benign-https-tool',
    title: `a non-browser tool (curl) fetching https-port pages from ${ADDR.web[0]}:443 every 1.5 s`,
    expected: null,
    forbidden: ['T1571', 'T1090', 'T1572'],
    mustName: '-',
    needs: ['curl'],
    windowMs: 12_000,
    async stage(lab) {
      // The lab's web servers speak plain HTTP on 443; what matters here is the port.
      const loop = victimBash(lab, `while :; do curl -s -m 2 http://${ADDR.web[0]}:443/ > /dev/null; sleep 1.5; done`);
      return { names: () => false, stop: stopAll(loop) };
    },
  },
];

// Tunnels and proxies (T1572, T1090), unusual ports (T1571) and DNS query streams through the
// configured resolver (T1071.004), staged for real, plus the benign activity they must not flag.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TUNNEL_ZONE, startAgent } from './agents';
import { ADDR, NS, type Lab, type LabProcess } from './lab';
import { mentions, stopping } from './scenario-kit';
import { SSH_PORT, extListeners, sshTunnel, waitForSocket } from './scenario-kit-net';
import type { Scenario } from './scenarios';

/** A bash one-liner in the victim, with a scratch folder as its working directory. */
function victimBash(lab: Lab, script: string): LabProcess {
  return lab.run(NS.victim, ['bash', '-c', `cd ${lab.tmp} && ${script}`]);
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
        stop: stopping(client, relay, sink),
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
        stop: stopping(client, relay, sink),
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
      return { names: (alert) => alert.destination?.port === 40000 && alert.process?.pid === client.pid, stop: stopping(client, sink) };
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
        stop: stopping(loop, sink),
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
        stop: stopping(session, sink),
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
        stop: stopping(loop),
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
        stop: stopping(batch),
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
        stop: stopping(client),
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
      return { names: () => false, stop: stopping(users, app, db) };
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
      return { names: () => false, stop: stopping(loop) };
    },
  },
];

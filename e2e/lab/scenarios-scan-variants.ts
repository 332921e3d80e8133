// Scan variants (issue 11, class 4): LAN connect scans whose probes are refused before any tick,
// sweeps of one port, slow scans of closed ports, by nmap and by tools the rules were not written
// against (python, a shell loop of nc). Detected from socket churn and the kernel's failed-connect
// counts, never from a command line.
import type { Alert } from '../../src-shared/model';
import { ADDR, NS } from './lab';
import { stopping, type Scenario } from './scenarios';

const outbound = (alert: Alert): boolean => alert.evidence.direction === 'outbound';
const targets = (alert: Alert): string[] => (Array.isArray(alert.evidence.targetHosts) ? (alert.evidence.targetHosts as string[]) : []);
const names =
  (process: string, target?: string) =>
  (alert: Alert): boolean =>
    outbound(alert) && alert.process?.name === process && (target === undefined || targets(alert).includes(target) || alert.destination?.address === target);
/** Hosts 10.77.0.20-40: srv1-3 (21-23) answer on port 22, the rest are silent. */
const SWEEP = '10.77.0.20-40';
const SILENT = ['10.77.0.20', '10.77.0.30', '10.77.0.40'];
/** An outbound sweep alert that lists the silent addresses and names `process` or no process at all. */
const sweptBy =
  (process: string, silent: string[]) =>
  (alert: Alert): boolean =>
    outbound(alert) && (alert.process === undefined || alert.process.name === process) && silent.every((ip) => targets(alert).includes(ip));

function victimRun(args: string[], match: (alert: Alert) => boolean): Scenario['stage'] {
  return async (lab) => {
    const activity = lab.run(NS.victim, args);
    return { names: match, stop: stopping(activity) };
  };
}

/** A scan's probes to admin ports are not lateral movement. */
const noLateralMovement = (alerts: Alert[]): string | undefined => {
  const wrong = alerts.find((a) => a.techniqueId === 'T1021');
  return wrong ? `scan probes raised ${wrong.severity} ${wrong.title}` : undefined;
};

export const SCAN_VARIANT_SCENARIOS: Scenario[] = [
  {
    id: 'outbound-python-connect-scan',
    title: `python3 connect_ex() over ports 1-30000 of ${ADDR.srv[2]} (LAN: every closed port refused at once)`,
    expected: 'T1046',
    mustName: `process python3, target ${ADDR.srv[2]}`,
    windowMs: 20_000,
    stage: victimRun(
      [
        'python3',
        '-c',
        [
          'import socket, time',
          'for p in range(1, 30001):',
          '    s = socket.socket(); s.settimeout(0.5); s.connect_ex(("' + ADDR.srv[2] + '", p)); s.close()',
          '    if p % 2000 == 0: time.sleep(0.2)',
        ].join('\n'),
      ],
      names('python3', ADDR.srv[2]),
    ),
  },
  {
    id: 'outbound-sweep-port-22',
    title: `nmap -sT -p 22 over ${SWEEP} (3 sshd, 18 silent addresses): a sweep of one port`,
    expected: 'T1046',
    // nmap lives ~0.6 s here: it is named when a tick saw its sockets, else the sweep is this host's.
    mustName: 'direction outbound, the silent addresses swept, and nmap or no process (never another one); no T1021 for the probes',
    needs: ['nmap'],
    windowMs: 25_000,
    stage: victimRun(['nmap', '-sT', '-Pn', '-n', '-T4', '--max-retries', '1', '-p', '22', SWEEP], sweptBy('nmap', SILENT)),
    checkFinal: noLateralMovement,
  },
  {
    id: 'outbound-slow-closed-ports',
    title: `nmap -sT --scan-delay 1s over closed ports 1000-1100 of ${ADDR.srv[0]}: each probe refused at once`,
    expected: 'T1046',
    // A refused probe lives for microseconds: the process is named only when the fd walk caught one.
    mustName: `direction outbound, target ${ADDR.srv[0]}`,
    needs: ['nmap'],
    windowMs: 50_000,
    stage: victimRun(
      ['nmap', '-sT', '-Pn', '-n', '--scan-delay', '1s', '--max-retries', '0', '-p', '1000-1100', ADDR.srv[0]],
      (alert) => outbound(alert) && targets(alert).includes(ADDR.srv[0]),
    ),
  },
  {
    id: 'outbound-slow-closed-nc-loop',
    title: `a shell loop of nc -z over closed ports of ${ADDR.srv[1]}, one every 0.5-1.5 s`,
    expected: 'T1046',
    mustName: `direction outbound, target ${ADDR.srv[1]}`,
    needs: ['nc'],
    windowMs: 50_000,
    stage: victimRun(
      ['bash', '-c', `for p in $(seq 1 80); do nc -z -w 1 ${ADDR.srv[1]} $((2000 + p)); sleep 0.$((5 + RANDOM % 10)); done`],
      (alert) => outbound(alert) && targets(alert).includes(ADDR.srv[1]),
    ),
  },
];

// The MITRE ATT&CK (Enterprise) techniques NetSentinel reports, with their tactics and advice.

export type Tactic =
  | 'Reconnaissance' | 'Resource Development' | 'Initial Access' | 'Execution' | 'Persistence'
  | 'Privilege Escalation' | 'Defense Evasion' | 'Credential Access' | 'Discovery'
  | 'Lateral Movement' | 'Collection' | 'Command and Control' | 'Exfiltration' | 'Impact';

/** ATT&CK's identifiers for each tactic (Enterprise), for SIEM fields and Navigator layers. */
export const TACTIC_IDS: Readonly<Record<Tactic, string>> = {
  'Reconnaissance': 'TA0043', 'Resource Development': 'TA0042', 'Initial Access': 'TA0001',
  'Execution': 'TA0002', 'Persistence': 'TA0003', 'Privilege Escalation': 'TA0004',
  'Defense Evasion': 'TA0005', 'Credential Access': 'TA0006', 'Discovery': 'TA0007',
  'Lateral Movement': 'TA0008', 'Collection': 'TA0009', 'Command and Control': 'TA0011',
  'Exfiltration': 'TA0010', 'Impact': 'TA0040',
};

export function tacticUrl(tactic: Tactic): string {
  return `https://attack.mitre.org/tactics/${TACTIC_IDS[tactic]}/`;
}

/** The Navigator's short name of a tactic, e.g. 'command-and-control'. */
export function tacticShortName(tactic: Tactic): string {
  return tactic.toLowerCase().replaceAll(' ', '-');
}

export interface Technique {
  id: string;
  name: string;
  tactics: Tactic[];
  url: string;
  recommendation: string;
}

export function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

function technique(id: string, name: string, tactics: Tactic[], recommendation: string): Technique {
  return { id, name, tactics, url: techniqueUrl(id), recommendation };
}

export const TECHNIQUES = {
  'T1571': technique('T1571', 'Non-Standard Port', ['Command and Control'],
    'Identify the process using the flagged port, confirm whether it is sanctioned, and block the port at the host and perimeter firewall if not.'),
  'T1046': technique('T1046', 'Network Service Discovery', ['Discovery'],
    'Find the scanning source, check whether it is an authorised scanner, isolate it if not, and close services that need not be reachable.'),
  'T1021': technique('T1021', 'Remote Services', ['Lateral Movement'],
    'Review the admin sessions opened by the process, confirm the user intended them, and restrict remote administration to jump hosts.'),
  'T1071.004': technique('T1071.004', 'Application Layer Protocol: DNS', ['Command and Control'],
    'Force DNS through the configured resolvers, block outbound port 53 elsewhere, and inspect the querying process for tunnelling.'),
  'T1090.003': technique('T1090.003', 'Proxy: Multi-hop Proxy', ['Command and Control'],
    'Confirm whether Tor use is permitted; if not, stop the process and block known relay addresses and Tor ports.'),
  'T1071': technique('T1071', 'Application Layer Protocol', ['Command and Control'],
    'Regular, small connections suggest a beacon: inspect the process and its binary, and block the endpoint while investigating.'),
  'T1059': technique('T1059', 'Command and Scripting Interpreter', ['Execution'],
    'Examine why the parent process started an interpreter, capture its command line, and contain the host if it was not expected.'),
  'T1059.004': technique('T1059.004', 'Command and Scripting Interpreter: Unix Shell', ['Execution'],
    'A shell wired to a network socket is a reverse or bind shell: kill it, block the remote endpoint and treat the host as compromised.'),
  'T1557.002': technique('T1557.002', 'Adversary-in-the-Middle: ARP Cache Poisoning', ['Credential Access', 'Collection'],
    'Verify the gateway MAC out of band, set a static ARP entry for the gateway, and enable Dynamic ARP Inspection on the switch.'),
  'T1105': technique('T1105', 'Ingress Tool Transfer', ['Command and Control'],
    'A program dropped in a temporary or world-writable place is talking to the network or starting shells: preserve the file (copy /proc/<pid>/exe if deleted), kill the process, block its endpoints and find how it arrived.'),
  'T1048': technique('T1048', 'Exfiltration Over Alternative Protocol', ['Exfiltration'],
    'Identify what the process sent and to whom, block the destination, and review data-loss controls for that channel.'),
  'T1572': technique('T1572', 'Protocol Tunneling', ['Command and Control'],
    'Find who started the tunnel and what it forwards; stop it if unsanctioned, block the far end, and disable forwarding (AllowTcpForwarding, PermitTunnel) where it is not needed.'),
  'T1090': technique('T1090', 'Proxy', ['Command and Control'],
    'Identify both ends the process relays between, stop the relay if it is not a sanctioned proxy, and block the outbound leg while investigating how it was started.'),
  'T1095': technique('T1095', 'Non-Application Layer Protocol', ['Command and Control'],
    'ICMP (or another non-application protocol) at rates no ping needs suggests a tunnel: identify the process holding the raw or ping socket, stop it, and block ICMP echo to the destination at the perimeter.'),
  'T1040': technique('T1040', 'Network Sniffing', ['Credential Access', 'Discovery'],
    'A process capturing frames can read credentials in transit: confirm whether the capture is sanctioned, stop it if not, check how it got the capability (root, CAP_NET_RAW) and move services to encrypted protocols.'),
  'T1110': technique('T1110', 'Brute Force', ['Credential Access'],
    'Many short logins to one service mean password guessing: block the source, check the service\'s auth log for a success among the attempts, rate-limit or lock out, and require keys or MFA.'),
} as const satisfies Record<string, Technique>;

export type TechniqueId = keyof typeof TECHNIQUES;

export function getTechnique(id: string): Technique | undefined {
  return (TECHNIQUES as Record<string, Technique>)[id];
}

/**
 * A sub-technique's parent ("T1071.004" → T1071, "Application Layer Protocol") and its own part
 * ("DNS"); a technique without a dot is its own parent.
 */
export function techniqueParts(technique: Technique): { parentId: string; parentName: string; subName?: string } {
  const dot = technique.id.indexOf('.');
  if (dot < 0) return { parentId: technique.id, parentName: technique.name };
  const colon = technique.name.indexOf(': ');
  return colon < 0
    ? { parentId: technique.id.slice(0, dot), parentName: technique.name }
    : { parentId: technique.id.slice(0, dot), parentName: technique.name.slice(0, colon), subName: technique.name.slice(colon + 2) };
}

export const ATTACK_HOME_URL = 'https://attack.mitre.org/';

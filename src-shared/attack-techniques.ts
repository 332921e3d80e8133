// Generated from the rule registry (src-main/detect/rules) by `npm run gen:rules`: do not edit.
// Each technique is declared in the rule file that reports it.
import type { Technique } from './attack';

export type TechniqueId = 'T1571' | 'T1046' | 'T1021' | 'T1071.004' | 'T1090.003' | 'T1071' | 'T1059' | 'T1059.004' | 'T1105' | 'T1557.002' | 'T1048' | 'T1572' | 'T1090' | 'T1040' | 'T1095' | 'T1110';

export const TECHNIQUES: Readonly<Record<TechniqueId, Technique>> = {
  'T1571': {
    id: 'T1571',
    name: 'Non-Standard Port',
    tactics: ['Command and Control'],
    url: 'https://attack.mitre.org/techniques/T1571/',
    recommendation: 'Identify the process using the flagged port, confirm whether it is sanctioned, and block the port at the host and perimeter firewall if not.',
  },
  'T1046': {
    id: 'T1046',
    name: 'Network Service Discovery',
    tactics: ['Discovery'],
    url: 'https://attack.mitre.org/techniques/T1046/',
    recommendation: 'Find the scanning source, check whether it is an authorised scanner, isolate it if not, and close services that need not be reachable.',
  },
  'T1021': {
    id: 'T1021',
    name: 'Remote Services',
    tactics: ['Lateral Movement'],
    url: 'https://attack.mitre.org/techniques/T1021/',
    recommendation: 'Review the admin sessions opened by the process, confirm the user intended them, and restrict remote administration to jump hosts.',
  },
  'T1071.004': {
    id: 'T1071.004',
    name: 'Application Layer Protocol: DNS',
    tactics: ['Command and Control'],
    url: 'https://attack.mitre.org/techniques/T1071/004/',
    recommendation: 'Force DNS through the configured resolvers, block outbound port 53 elsewhere, and inspect the querying process for tunnelling.',
  },
  'T1090.003': {
    id: 'T1090.003',
    name: 'Proxy: Multi-hop Proxy',
    tactics: ['Command and Control'],
    url: 'https://attack.mitre.org/techniques/T1090/003/',
    recommendation: 'Confirm whether Tor use is permitted; if not, stop the process and block known relay addresses and Tor ports.',
  },
  'T1071': {
    id: 'T1071',
    name: 'Application Layer Protocol',
    tactics: ['Command and Control'],
    url: 'https://attack.mitre.org/techniques/T1071/',
    recommendation: 'Regular, small connections suggest a beacon: inspect the process and its binary, and block the endpoint while investigating.',
  },
  'T1059': {
    id: 'T1059',
    name: 'Command and Scripting Interpreter',
    tactics: ['Execution'],
    url: 'https://attack.mitre.org/techniques/T1059/',
    recommendation: 'Examine why the parent process started an interpreter, capture its command line, and contain the host if it was not expected.',
  },
  'T1059.004': {
    id: 'T1059.004',
    name: 'Command and Scripting Interpreter: Unix Shell',
    tactics: ['Execution'],
    url: 'https://attack.mitre.org/techniques/T1059/004/',
    recommendation: 'A shell wired to a network socket is a reverse or bind shell: kill it, block the remote endpoint and treat the host as compromised.',
  },
  'T1105': {
    id: 'T1105',
    name: 'Ingress Tool Transfer',
    tactics: ['Command and Control'],
    url: 'https://attack.mitre.org/techniques/T1105/',
    recommendation: 'A program dropped in a temporary or world-writable place is talking to the network or starting shells: preserve the file (copy /proc/<pid>/exe if deleted), kill the process, block its endpoints and find how it arrived.',
  },
  'T1557.002': {
    id: 'T1557.002',
    name: 'Adversary-in-the-Middle: ARP Cache Poisoning',
    tactics: ['Credential Access', 'Collection'],
    url: 'https://attack.mitre.org/techniques/T1557/002/',
    recommendation: 'Verify the gateway MAC out of band, set a static ARP entry for the gateway, and enable Dynamic ARP Inspection on the switch.',
  },
  'T1048': {
    id: 'T1048',
    name: 'Exfiltration Over Alternative Protocol',
    tactics: ['Exfiltration'],
    url: 'https://attack.mitre.org/techniques/T1048/',
    recommendation: 'Identify what the process sent and to whom, block the destination, and review data-loss controls for that channel.',
  },
  'T1572': {
    id: 'T1572',
    name: 'Protocol Tunneling',
    tactics: ['Command and Control'],
    url: 'https://attack.mitre.org/techniques/T1572/',
    recommendation: 'Find who started the tunnel and what it forwards; stop it if unsanctioned, block the far end, and disable forwarding (AllowTcpForwarding, PermitTunnel) where it is not needed.',
  },
  'T1090': {
    id: 'T1090',
    name: 'Proxy',
    tactics: ['Command and Control'],
    url: 'https://attack.mitre.org/techniques/T1090/',
    recommendation: 'Identify both ends the process relays between, stop the relay if it is not a sanctioned proxy, and block the outbound leg while investigating how it was started.',
  },
  'T1040': {
    id: 'T1040',
    name: 'Network Sniffing',
    tactics: ['Credential Access', 'Discovery'],
    url: 'https://attack.mitre.org/techniques/T1040/',
    recommendation: 'A process capturing frames can read credentials in transit: confirm whether the capture is sanctioned, stop it if not, check how it got the capability (root, CAP_NET_RAW) and move services to encrypted protocols.',
  },
  'T1095': {
    id: 'T1095',
    name: 'Non-Application Layer Protocol',
    tactics: ['Command and Control'],
    url: 'https://attack.mitre.org/techniques/T1095/',
    recommendation: 'ICMP (or another non-application protocol) at rates no ping needs suggests a tunnel: identify the process holding the raw or ping socket, stop it, and block ICMP echo to the destination at the perimeter.',
  },
  'T1110': {
    id: 'T1110',
    name: 'Brute Force',
    tactics: ['Credential Access'],
    url: 'https://attack.mitre.org/techniques/T1110/',
    recommendation: 'Many short logins to one service mean password guessing: block the source, check the service\'s auth log for a success among the attempts, rate-limit or lock out, and require keys or MFA.',
  },
};

// The port catalogue: one home for what a port number means. Known-bad ports (with reasons),
// IANA's service names, the common web ports, remote-admin ports and ports risky to expose.
// Used by the detection rules (main) and the tables (renderer).
import { registryEntry, type PortProtocol } from './iana-registry';

export type { PortProtocol } from './iana-registry';

export interface PortReason {
  /** First port of the range. */
  port: number;
  /** Last port of the range (inclusive); defaults to `port`. */
  to?: number;
  reason: string;
}

/**
 * Ports whose best-known use is malicious (C2 defaults, backdoors, botnet IRC, mining pools).
 * Ports also common for legitimate software (5555 Android adb, 8787 RStudio Server) are left out
 * here and listed as risky to expose instead.
 */
export const KNOWN_BAD_PORTS: readonly PortReason[] = [
  { port: 4444, reason: 'Metasploit default handler (meterpreter reverse_tcp)' },
  { port: 4445, reason: 'Metasploit alternate handler' },
  { port: 1337, reason: '"leet" port used by backdoors and RATs (also Strapi\'s dev default)' },
  { port: 31337, reason: 'Back Orifice ("eleet") backdoor' },
  { port: 31338, reason: 'Back Orifice / DeepThroat backdoor' },
  { port: 12345, to: 12346, reason: 'NetBus remote-access trojan' },
  { port: 20034, reason: 'NetBus Pro remote-access trojan' },
  { port: 6660, to: 6669, reason: 'IRC, a classic botnet command channel' },
  { port: 6697, reason: 'IRC over TLS, used by botnets' },
  { port: 3333, reason: 'Stratum cryptocurrency mining pool' },
  { port: 7777, reason: 'Stratum mining pool / common RAT port' },
  { port: 14444, reason: 'Monero (XMR) mining pool' },
  { port: 14433, reason: 'Monero (XMR) mining pool over TLS' },
  { port: 45700, reason: 'Monero (XMR) mining pool' },
  { port: 1604, reason: 'DarkComet RAT default' },
  { port: 5552, reason: 'njRAT default' },
  { port: 50050, reason: 'Cobalt Strike team server' },
];

/** Remote administration protocols (lateral movement, brute force targets). */
export const ADMIN_SERVICE_PORTS: Readonly<Record<number, string>> = {
  22: 'SSH',
  23: 'Telnet',
  135: 'MS-RPC',
  139: 'SMB (NetBIOS)',
  445: 'SMB',
  3389: 'RDP',
  5985: 'WinRM',
  5986: 'WinRM (HTTPS)',
  5900: 'VNC',
  5901: 'VNC',
  5902: 'VNC',
  5903: 'VNC',
  512: 'rexec',
  513: 'rlogin',
  514: 'rsh',
};

/** Ports on which a listener reachable from the network deserves a second look (display). */
const EXPOSURE_RISKS: Readonly<Record<number, string>> = {
  21: 'FTP: clear-text credentials',
  23: 'Telnet: clear-text remote shell',
  135: 'MS RPC: lateral movement target',
  139: 'NetBIOS session: lateral movement target',
  445: 'SMB: lateral movement target',
  1433: 'MS SQL exposed',
  2375: 'Docker API without TLS',
  3389: 'RDP: remote desktop',
  5555: 'Android debug bridge: a remote shell when exposed',
  5900: 'VNC: remote desktop',
  5985: 'WinRM',
  6379: 'Redis: often unauthenticated',
  9050: 'Tor SOCKS proxy',
  9051: 'Tor control port',
  27017: 'MongoDB: often unauthenticated',
};

/**
 * Ports web clients and servers use besides 80/443 (alternate HTTP(S), dev servers, proxies):
 * IANA registers several of them to unrelated products, but in practice they carry web traffic.
 */
export const COMMON_WEB_PORTS: ReadonlySet<number> = new Set([80, 443, 591, 8000, 8008, 8080, 8081, 8088, 8443, 8888, 3000, 5000, 9000, 9443, 3128, 8118]);

/**
 * Registered ports that everyday clients reach on the internet (mail, chat, VPN, push, media,
 * version control, databases and brokers run as cloud services).
 */
const COMMON_CLIENT_PORTS: ReadonlySet<number> = new Set([
  1194, 1701, 1723, 1883, 1935, 2049, 3306, 3478, 3479, 4500, 5060, 5061, 5222, 5223, 5228, 5349, 5432, 5671, 5672, 6379, 8883, 9092, 9418, 11211, 27017, 51820,
  1433, 1521, 3389, 5900, 8801,
]);

/** The highest port IANA calls well-known (system) ports; their names are dependable. */
export const SYSTEM_PORT_MAX = 1023;
/** The start of IANA's dynamic/private range: never assigned to a service. */
export const DYNAMIC_PORT_MIN = 49152;

export interface IanaService {
  /** IANA's service name, e.g. `https`. */
  name: string;
  description: string;
}

/** IANA's service registered on a port (`undefined` for reserved, unassigned or out of range). */
export function ianaService(port: number, protocol: PortProtocol = 'tcp'): IanaService | undefined {
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
  const entry = registryEntry(port, protocol);
  if (!entry || !entry[0]) return undefined;
  return { name: entry[0], description: entry[1] || entry[0] };
}

/** Compiles a port list to port → reason (ranges capped at 10,000 ports; the first entry wins). */
export function portReasonMap(ports: readonly PortReason[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const entry of ports) {
    const last = Math.min(entry.to ?? entry.port, entry.port + 10_000, 65_535);
    for (let p = entry.port; p <= last; p++) if (!map.has(p)) map.set(p, entry.reason);
  }
  return map;
}

const KNOWN_BAD = portReasonMap(KNOWN_BAD_PORTS);

/** Why a port is known bad, or undefined. */
export function knownBadPortReason(port: number): string | undefined {
  return KNOWN_BAD.get(port);
}

/**
 * Why a connection's remote (else local) port is known bad: the ports the non-standard-port rule
 * alerts on. Tables mark connections with this, never with the wider listener list below.
 */
export function knownBadConnectionReason(connection: { remotePort: number; localPort: number }): string | undefined {
  return KNOWN_BAD.get(connection.remotePort) ?? KNOWN_BAD.get(connection.localPort);
}

/** Why a listener on this port is worth a look: known bad, or risky to expose. */
export function riskyListenerReason(port: number): string | undefined {
  return KNOWN_BAD.get(port) ?? EXPOSURE_RISKS[port];
}

export function adminServiceName(port: number): string | undefined {
  return ADMIN_SERVICE_PORTS[port];
}

/**
 * How ordinary a destination port is for a client:
 * - `common`: web ports, IANA system ports with a name, and registered ports everyday clients use;
 * - `registered`: IANA registers a service there, but not one clients commonly reach;
 * - `unassigned`: no service at all (unassigned, reserved, or the dynamic range).
 */
export type PortCommonness = 'common' | 'registered' | 'unassigned';

export interface PortClass {
  commonness: PortCommonness;
  service?: IanaService;
}

export function classifyDestinationPort(port: number, protocol: PortProtocol = 'tcp'): PortClass {
  const service = ianaService(port, protocol);
  const withService = service ? { service } : {};
  if (COMMON_WEB_PORTS.has(port) || COMMON_CLIENT_PORTS.has(port) || ADMIN_SERVICE_PORTS[port] !== undefined) {
    return { commonness: 'common', ...withService };
  }
  if (!service) return { commonness: 'unassigned' };
  return { commonness: port <= SYSTEM_PORT_MAX ? 'common' : 'registered', service };
}

/** `443/tcp (https)`, or `40000/tcp (no IANA service)`. */
export function portLabel(port: number, protocol: PortProtocol = 'tcp'): string {
  const service = ianaService(port, protocol);
  return `${port}/${protocol} (${service ? service.name : 'no IANA service'})`;
}

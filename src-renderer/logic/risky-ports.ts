// Ports worth a second look when something listens on them. Display only: detection lives in main.

const RISKY_PORTS: ReadonlyMap<number, string> = new Map([
  [21, 'FTP: clear-text credentials'],
  [23, 'Telnet: clear-text remote shell'],
  [135, 'MS RPC: lateral movement target'],
  [139, 'NetBIOS session: lateral movement target'],
  [445, 'SMB: lateral movement target'],
  [1433, 'MS SQL exposed'],
  [2375, 'Docker API without TLS'],
  [3389, 'RDP: remote desktop'],
  [4444, 'Metasploit default handler'],
  [5555, 'Android debug bridge'],
  [5900, 'VNC: remote desktop'],
  [5985, 'WinRM'],
  [6379, 'Redis: often unauthenticated'],
  [9050, 'Tor SOCKS proxy'],
  [9051, 'Tor control port'],
  [12345, 'NetBus trojan'],
  [27017, 'MongoDB: often unauthenticated'],
  [31337, 'Back Orifice trojan'],
]);

/** Why a listening port is risky, or undefined. IRC 6660-6669 is a range. */
export function riskyPortReason(port: number): string | undefined {
  if (port >= 6660 && port <= 6669) return 'IRC: common botnet C2 channel';
  return RISKY_PORTS.get(port);
}

/** A listener bound to every interface is reachable from the network, not just this host. */
export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '*';
}

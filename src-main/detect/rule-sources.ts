// What the rules read, as the README's "Needs to see" column words it: one phrase per source, so
// every rule names its sources the same way (and a source's privilege note lives in one place).
export const SOURCES = {
  sockets: '`/proc/net/{tcp,udp}`',
  owners: 'socket owners (`/proc/<pid>/fd`; other users’ processes need root)',
  processes: 'process table (`/proc/<pid>/{stat,cmdline}`; other users’ `exe` needs root)',
  counters: 'kernel counters (`/proc/net/snmp`)',
  neighbours: 'neighbour table (`ip -s neigh`)',
  gateway: 'default route (`/proc/net/route`)',
  lowLevel: '`/proc/net/{raw,icmp,packet}` and their owners',
  ioGraph: 'each process’s stdio fds and ptys (`/proc/<pid>/fd`, `fdinfo`; other users’ need root)',
  churn: 'sockets each process opens between ticks (fd walk, own network namespace)',
  tcpInfo: 'per-connection bytes (`ss -ti`, iproute2)',
  interfaces: 'interface counters (`/proc/net/dev`)',
  resolvers: 'configured resolvers (`/etc/resolv.conf`)',
  lists: 'address/relay lists you load (settings)',
  authLog: 'login daemons’ auth log (`/var/log/auth.log`, `/var/log/secure`, `--auth-log`, else the systemd journal; root or group adm / systemd-journal)',
} as const;

export type SourceId = keyof typeof SOURCES;

/** The README cell: the sources a rule reads, joined. */
export function needsText(sources: readonly SourceId[]): string {
  return sources.map((s) => SOURCES[s]).join('; ');
}

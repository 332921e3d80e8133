// awk on the network: awk has no sockets of its own; only gawk's special files (/inet/tcp/…,
// /inet/udp/…) reach the network, and the classic use is a shell whose commands arrive on the
// connection and run through a `|&` coprocess (`sh -c` per line, too short-lived for a tick).
// So an awk process holding a connection or a listener is the shell itself.
import type { Connection, Finding, HostSnapshot, ProcessInfo, Severity } from '../../src-shared/model';
import { toProcessRef } from '../../src-shared/model';
import type { HomeNet } from '../../src-shared/net';
import { cmdlineExcerpt, finding, localEndpoint, remoteEndpoint } from './format';
import { formatEndpoint } from '../../src-shared/endpoint';
import { baseName } from './process-names';

const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk', 'pgawk', 'dgawk']);

export function isAwk(name: string): boolean {
  return AWKS.has(baseName(name));
}

export interface AwkNetworkFinding {
  /** `${pid}|${remote}`: reported once while it lasts. */
  id: string;
  finding: Finding;
}

function awkFinding(p: ProcessInfo, c: Connection, children: string[], homeNet: HomeNet, severity: Severity): AwkNetworkFinding {
  const remote = c.remotePort === 0 ? `listening on ${formatEndpoint(c.localAddress, c.localPort)}` : formatEndpoint(c.remoteAddress, c.remotePort);
  const id = `${p.pid}|${remote}`;
  return {
    id,
    finding: finding({
      key: `${id}|awk`,
      severity,
      title: `Reverse shell: ${p.name} on the network (${remote})`,
      description: `${p.name} (pid ${p.pid}) holds a ${c.protocol.toUpperCase()} socket (${remote}). awk reaches the network only through gawk's /inet special files, the way an awk reverse shell reads commands from a connection and runs them through a |& coprocess${children.length > 0 ? ` (running now: ${children.join(', ')})` : ''}.`,
      source: localEndpoint(c),
      ...(c.remotePort === 0 ? {} : { destination: remoteEndpoint(c) }),
      process: toProcessRef(p),
      evidence: {
        kind: c.remotePort === 0 ? 'awk-listener' : 'awk-connection',
        remote,
        protocol: c.protocol,
        state: c.state,
        remoteExternal: c.remotePort !== 0 && homeNet.isExternal(c.remoteAddress),
        children,
        cmdline: cmdlineExcerpt(p.cmdline),
      },
    }),
  };
}

/** One finding per awk process and socket (connections first, then listeners). */
export function awkNetworkFindings(snapshot: HostSnapshot, homeNet: HomeNet, severity: Severity): AwkNetworkFinding[] {
  const awks = new Map<number, ProcessInfo>();
  for (const p of snapshot.processes) if (isAwk(p.name)) awks.set(p.pid, p);
  if (awks.size === 0) return [];
  const children = new Map<number, string[]>();
  for (const p of snapshot.processes) {
    if (!awks.has(p.ppid)) continue;
    const list = children.get(p.ppid) ?? [];
    if (list.length < 8) list.push(`${p.name} (pid ${p.pid})`);
    children.set(p.ppid, list);
  }
  const out: AwkNetworkFinding[] = [];
  const sockets: Connection[] = [...snapshot.connections];
  for (const l of snapshot.listening)
    sockets.push({ ...l, localAddress: l.address, localPort: l.port, remoteAddress: '', remotePort: 0, state: 'LISTEN', direction: 'inbound' });
  for (const c of sockets) {
    const p = c.process ? awks.get(c.process.pid) : undefined;
    if (!p || (c.remotePort !== 0 && c.state === 'TIME_WAIT') || out.length >= 50) continue;
    out.push(awkFinding(p, c, children.get(p.pid) ?? [], homeNet, severity));
  }
  return out;
}

// Per-connection byte counters from `ss -tinH` (tcp_info's bytes_acked / bytes_received).
import { normalizeIp } from '../../../src-shared/net';

export interface TcpBytes {
  bytesSent: number;
  bytesReceived: number;
}

export interface TcpInfoParse {
  /** Keyed by connectionKey(local, localPort, remote, remotePort). */
  bytes: Map<string, TcpBytes>;
  badLines: number;
}

export function connectionKey(localAddress: string, localPort: number, remoteAddress: string, remotePort: number): string {
  return `${localAddress}|${localPort}|${remoteAddress}|${remotePort}`;
}

/**
 * Excludes loopback peers: the kernel applies this filter (inet_diag bytecode), so the cost stays
 * proportional to the connections that can leave the host, not to every local socket.
 */
export const SS_TCP_INFO_ARGS = [
  '-tinH',
  'state',
  'established',
  'not',
  'dst',
  '127.0.0.0/8',
  'and',
  'not',
  'dst',
  '[::1]',
  'and',
  'not',
  'dst',
  '[::ffff:127.0.0.0/104]',
];

/** "addr:port", "[v6]:port", "[v6%zone]:port" → [address, port]. */
function splitEndpoint(token: string): [string, number] | undefined {
  const colon = token.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = Number(token.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  const address = normalizeIp(token.slice(0, colon));
  return address ? [address, port] : undefined;
}

function counter(line: string, name: string): number {
  const at = line.indexOf(name);
  if (at < 0) return 0;
  const start = at + name.length;
  let end = start;
  while (end < line.length && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
  return end > start ? Number(line.slice(start, end)) : 0;
}

/**
 * A socket line ("[State] Recv-Q Send-Q Local Peer [Process]", state absent with a state filter)
 * followed by one tab-indented info line. A socket line whose info line is missing gets zeros.
 */
export function parseSsTcpInfo(text: string): TcpInfoParse {
  const bytes = new Map<string, TcpBytes>();
  let badLines = 0;
  let pendingKey: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const first = line.charCodeAt(0);
    if (first === 9 || first === 32) {
      if (pendingKey === undefined) {
        badLines++;
        continue;
      }
      bytes.set(pendingKey, { bytesSent: counter(line, ' bytes_acked:'), bytesReceived: counter(line, ' bytes_received:') });
      pendingKey = undefined;
      continue;
    }
    const tokens = line.trim().split(/\s+/);
    const queues = /^\d+$/.test(tokens[0] ?? '') ? 0 : 1; // skip a leading state column
    const local = splitEndpoint(tokens[queues + 2] ?? '');
    const peer = splitEndpoint(tokens[queues + 3] ?? '');
    if (!local || !peer || !/^\d+$/.test(tokens[queues] ?? '') || !/^\d+$/.test(tokens[queues + 1] ?? '')) {
      badLines++;
      pendingKey = undefined;
      continue;
    }
    pendingKey = connectionKey(local[0], local[1], peer[0], peer[1]);
    bytes.set(pendingKey, { bytesSent: 0, bytesReceived: 0 });
  }
  return { bytes, badLines };
}

// Whether the TCP tables can have changed since they were last read, from the kernel's counters.
// Every TCP socket that appears, changes state or goes away moves one of them: a listen() or a
// close() changes sockstat's inuse, a handshake or a close moves segments (InSegs/OutSegs,
// ActiveOpens, PassiveOpens, OutRsts …), a TIME_WAIT expiring lowers tw, an orphan timing out
// lowers orphan. One change moves no counter: accept() gives a socket waiting in a listener's
// queue (shown with inode 0) its inode, so the tables are re-read while such a socket exists.
// UDP is not gated: connect() on a bound UDP socket changes its line and no counter (measured).
import type { SocketState } from '../../../src-shared/model';
import { parseSnmpTable } from './snmp';

const TCP_COUNTERS = ['ActiveOpens', 'PassiveOpens', 'AttemptFails', 'EstabResets', 'CurrEstab', 'InSegs', 'OutSegs', 'RetransSegs', 'OutRsts'] as const;
const SOCKSTAT_TCP_FIELDS = ['inuse', 'orphan', 'tw', 'alloc'] as const;

/** "TCP: inuse 2 orphan 0 tw 54 alloc 28 mem 0" → the named values (undefined when the line or a field is missing). */
function sockstatValues(text: string, prefix: string, fields: readonly string[]): number[] | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${prefix}: `));
  if (!line) return undefined;
  const tokens = line
    .slice(prefix.length + 2)
    .trim()
    .split(/\s+/);
  const values: number[] = [];
  for (const field of fields) {
    const at = tokens.indexOf(field);
    const value = at >= 0 ? Number(tokens[at + 1]) : NaN;
    if (!Number.isFinite(value)) return undefined;
    values.push(value);
  }
  return values;
}

/**
 * One string holding every counter that moves when a TCP socket appears, changes state or goes
 * away; equal strings mean the TCP tables are unchanged. Undefined when a counter is missing.
 * `sockstat6` is '' on a host without IPv6 (no TCP6 sockets to count).
 */
export function tcpActivityKey(snmp: string, sockstat: string, sockstat6: string): string | undefined {
  const tcp = parseSnmpTable(snmp).get('Tcp');
  if (!tcp) return undefined;
  const values: number[] = [];
  for (const name of TCP_COUNTERS) {
    const value = tcp.get(name);
    if (value === undefined) return undefined;
    values.push(value);
  }
  const v4 = sockstatValues(sockstat, 'TCP', SOCKSTAT_TCP_FIELDS);
  if (!v4) return undefined;
  values.push(...v4);
  if (sockstat6 !== '') {
    const v6 = sockstatValues(sockstat6, 'TCP6', ['inuse']);
    if (!v6) return undefined;
    values.push(...v6);
  }
  return values.join(' ');
}

/** A connection waiting in a listener's accept queue: accept() will give it an inode without moving any counter. */
export function awaitsAccept(socket: { protocol: string; state: SocketState; inode: number }): boolean {
  return socket.protocol === 'tcp' && socket.inode === 0 && (socket.state === 'ESTABLISHED' || socket.state === 'CLOSE_WAIT' || socket.state === 'SYN_RECV');
}

// /proc/net/snmp: pairs of lines, "Tcp: Name Name …" then "Tcp: 1 2 …".
import type { KernelCounters } from '../../../src-shared/model';

export type SnmpTable = Map<string, Map<string, number>>;

export function parseSnmpTable(text: string): SnmpTable {
  const table: SnmpTable = new Map();
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = (lines[i] ?? '').trim().split(/\s+/);
    const values = (lines[i + 1] ?? '').trim().split(/\s+/);
    const prefix = header[0];
    if (!prefix?.endsWith(':') || values[0] !== prefix || header.length !== values.length) continue;
    if (!Number.isNaN(Number(header[1]))) continue; // this line is itself a value line
    const row = new Map<string, number>();
    for (let k = 1; k < header.length; k++) {
      const v = Number(values[k]);
      if (Number.isFinite(v)) row.set(header[k] ?? '', v);
    }
    table.set(prefix.slice(0, -1), row);
    i++;
  }
  return table;
}

/** The counters scan and exfiltration rules use; undefined when the Tcp section is missing. */
export function parseSnmp(text: string): KernelCounters | undefined {
  const table = parseSnmpTable(text);
  const tcp = table.get('Tcp');
  if (!tcp) return undefined;
  const icmp = table.get('Icmp');
  const udp = table.get('Udp');
  const get = (row: Map<string, number> | undefined, name: string): number => row?.get(name) ?? 0;
  return {
    tcpActiveOpens: get(tcp, 'ActiveOpens'),
    tcpPassiveOpens: get(tcp, 'PassiveOpens'),
    tcpAttemptFails: get(tcp, 'AttemptFails'),
    tcpEstabResets: get(tcp, 'EstabResets'),
    tcpOutRsts: get(tcp, 'OutRsts'),
    tcpInSegs: get(tcp, 'InSegs'),
    tcpOutSegs: get(tcp, 'OutSegs'),
    icmpOutDestUnreachs: get(icmp, 'OutDestUnreachs'),
    icmpInDestUnreachs: get(icmp, 'InDestUnreachs'),
    udpNoPorts: get(udp, 'NoPorts'),
    udpInDatagrams: get(udp, 'InDatagrams'),
    udpOutDatagrams: get(udp, 'OutDatagrams'),
    icmpInMsgs: get(icmp, 'InMsgs'),
    icmpOutMsgs: get(icmp, 'OutMsgs'),
    icmpInEchos: get(icmp, 'InEchos'),
    icmpOutEchos: get(icmp, 'OutEchos'),
    icmpInEchoReps: get(icmp, 'InEchoReps'),
    icmpOutEchoReps: get(icmp, 'OutEchoReps'),
  };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSnmp, parseSnmpTable } from './snmp';

const sample = readFileSync(new URL('../fixtures/proc-net-snmp.txt', import.meta.url), 'utf8');

describe('parseSnmp', () => {
  it('takes the Tcp, Icmp and Udp counters by name', () => {
    const table = parseSnmpTable(sample);
    const counters = parseSnmp(sample);
    expect(counters).toBeDefined();
    expect(counters?.tcpOutRsts).toBe(table.get('Tcp')?.get('OutRsts'));
    expect(counters?.tcpActiveOpens).toBe(62);
    expect(counters?.tcpPassiveOpens).toBe(6);
    expect(counters?.tcpOutRsts).toBe(94);
    expect(counters?.icmpInDestUnreachs).toBe(1);
    expect(counters?.udpInDatagrams).toBe(87);
    expect(counters?.udpOutDatagrams).toBe(88);
  });

  it('ignores garbage and gives undefined without a Tcp section', () => {
    const lines = sample.split('\n');
    const noTcp = lines.filter((l) => !l.startsWith('Tcp:')).join('\n');
    expect(parseSnmp(noTcp)).toBeUndefined();
    expect(parseSnmp(`garbage\n${sample}\nTcp: truncated`)?.tcpOutRsts).toBe(94);
    expect(parseSnmp('')).toBeUndefined();
  });
});

describe('parseSnmp ICMP echo counters', () => {
  // Captured one second apart while `ping -i 0.2 127.0.0.1` ran in a network namespace.
  const first = readFileSync(new URL('../fixtures/proc-net-snmp-icmp-1.txt', import.meta.url), 'utf8');
  const second = readFileSync(new URL('../fixtures/proc-net-snmp-icmp-2.txt', import.meta.url), 'utf8');

  it('reads echo requests and replies each way', () => {
    const a = parseSnmp(first);
    const b = parseSnmp(second);
    expect(a).toMatchObject({ icmpOutEchos: 8, icmpInEchos: 8, icmpOutEchoReps: 8, icmpInEchoReps: 8, icmpOutMsgs: 16, icmpInMsgs: 16 });
    // five pings a second: 5 requests out, each answered by the kernel over loopback
    expect((b?.icmpOutEchos ?? 0) - (a?.icmpOutEchos ?? 0)).toBe(5);
    expect((b?.icmpInMsgs ?? 0) - (a?.icmpInMsgs ?? 0)).toBe(10);
  });
});

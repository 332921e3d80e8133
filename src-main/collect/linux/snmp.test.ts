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

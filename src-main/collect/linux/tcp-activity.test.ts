import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awaitsAccept, tcpActivityKey } from './tcp-activity';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const snmp = fixture('proc-net-snmp.txt');
const sockstat = fixture('proc-net-sockstat.txt');
const sockstat6 = fixture('proc-net-sockstat6.txt');

describe('tcpActivityKey', () => {
  it('holds the TCP counters of /proc/net/snmp and the TCP lines of sockstat and sockstat6', () => {
    // Tcp: ActiveOpens 62, PassiveOpens 6, AttemptFails 0, EstabResets 0, CurrEstab 6, InSegs 10998, OutSegs 6850, RetransSegs 0, OutRsts 94; TCP: inuse 10005 orphan 0 tw 0 alloc 10005; TCP6: inuse 0
    expect(tcpActivityKey(snmp, sockstat, sockstat6)).toBe('62 6 0 0 6 10998 6850 0 94 10005 0 0 10005 0');
  });

  it('changes with any one of them, and ignores buffer memory and other protocols', () => {
    const key = tcpActivityKey(snmp, sockstat, sockstat6);
    const bump = (text: string, from: string, to: string): string => {
      expect(text).toContain(from);
      return text.replace(from, to);
    };
    expect(tcpActivityKey(snmp, bump(sockstat, 'tw 0', 'tw 1'), sockstat6)).not.toBe(key);
    expect(tcpActivityKey(snmp, bump(sockstat, 'orphan 0', 'orphan 1'), sockstat6)).not.toBe(key);
    expect(tcpActivityKey(snmp, sockstat, bump(sockstat6, 'TCP6: inuse 0', 'TCP6: inuse 1'))).not.toBe(key);
    expect(tcpActivityKey(snmp, bump(sockstat, 'mem 126', 'mem 300'), sockstat6)).toBe(key);
    expect(tcpActivityKey(snmp, bump(sockstat, 'UDP: inuse 0', 'UDP: inuse 9'), sockstat6)).toBe(key);
    const [header, values] = snmp.split('\n').filter((l) => l.startsWith('Tcp:'));
    const names = (header ?? '').split(' ');
    const inSegs = names.indexOf('InSegs');
    const moved = (values ?? '')
      .split(' ')
      .map((v, i) => (i === inSegs ? String(Number(v) + 1) : v))
      .join(' ');
    expect(tcpActivityKey(snmp.replace(values ?? '', moved), sockstat, sockstat6)).not.toBe(key);
  });

  it('works without IPv6 and gives up on a missing counter', () => {
    expect(tcpActivityKey(snmp, sockstat, '')).toBe('62 6 0 0 6 10998 6850 0 94 10005 0 0 10005');
    expect(tcpActivityKey(snmp.replace(/^Tcp:.*$/gm, ''), sockstat, sockstat6)).toBeUndefined();
    expect(tcpActivityKey(snmp, sockstat.replace(' tw 0', ''), sockstat6)).toBeUndefined();
    expect(tcpActivityKey(snmp, 'garbage', sockstat6)).toBeUndefined();
    expect(tcpActivityKey(snmp, sockstat, 'TCP6 inuse')).toBeUndefined();
  });
});

describe('awaitsAccept', () => {
  it('is true for an inode-less TCP connection a listener has not accepted yet', () => {
    expect(awaitsAccept({ protocol: 'tcp', state: 'ESTABLISHED', inode: 0 })).toBe(true);
    expect(awaitsAccept({ protocol: 'tcp', state: 'CLOSE_WAIT', inode: 0 })).toBe(true);
    expect(awaitsAccept({ protocol: 'tcp', state: 'ESTABLISHED', inode: 7 })).toBe(false);
    expect(awaitsAccept({ protocol: 'tcp', state: 'TIME_WAIT', inode: 0 })).toBe(false);
    expect(awaitsAccept({ protocol: 'tcp', state: 'FIN_WAIT2', inode: 0 })).toBe(false);
    expect(awaitsAccept({ protocol: 'udp', state: 'ESTABLISHED', inode: 0 })).toBe(false);
  });
});

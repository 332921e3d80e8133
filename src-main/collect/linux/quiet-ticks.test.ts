import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../../src-shared/model';
import { activityMarks, canStandAgain, forkCount, QuietGate, quietSnapshot } from './quiet-ticks';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const stat1 = fixture('proc-stat-1.txt');
const stat2 = fixture('proc-stat-2.txt');
const snmp = fixture('proc-net-snmp.txt');
const sockstat = fixture('proc-net-sockstat.txt');
const sockstat6 = fixture('proc-net-sockstat6.txt');
const packet = fixture('proc-net-packet.txt');
const arp = fixture('proc-net-arp.txt');
const texts = [snmp, sockstat, sockstat6, packet, arp];

/** The snmp sample with one counter of one section changed. */
function bumped(section: string, counter: string): string {
  const lines = snmp.split('\n');
  const header = lines.findIndex((line) => line.startsWith(`${section}: `) && line.includes(` ${counter}`));
  const names = (lines[header] ?? '').split(/\s+/);
  const values = (lines[header + 1] ?? '').split(/\s+/);
  const at = names.indexOf(counter);
  values[at] = String(Number(values[at]) + 1);
  lines[header + 1] = values.join(' ');
  return lines.join('\n');
}

describe('forkCount', () => {
  it('reads the forks since boot from /proc/stat', () => {
    expect(forkCount(stat1)).toBe(25720);
    expect(forkCount(stat2)).toBe(25725);
    expect(forkCount('cpu  1 2 3\n')).toBeUndefined();
  });
});

describe('activityMarks', () => {
  const base = activityMarks(stat1, texts);

  it('is the same for the same files and undefined when one that matters is missing', () => {
    expect(base).toBeDefined();
    expect(activityMarks(stat1, [...texts])).toBe(base);
    expect(activityMarks('cpu 1 2 3', texts)).toBeUndefined();
    expect(activityMarks(stat1, [undefined, sockstat, sockstat6, packet, arp])).toBeUndefined();
    expect(activityMarks(stat1, [snmp, undefined, sockstat6, packet, arp])).toBeUndefined();
    expect(activityMarks(stat1, [snmp, sockstat, sockstat6, packet, undefined])).toBeUndefined();
    expect(activityMarks(stat1, ['garbage', sockstat, sockstat6, packet, arp])).toBeUndefined();
  });

  it('moves with a fork, TCP/UDP/ICMP traffic, a socket opened or closed, a packet socket and an ARP change', () => {
    expect(activityMarks(stat2, texts)).not.toBe(base);
    for (const [section, counter] of [
      ['Tcp', 'OutSegs'],
      ['Udp', 'OutDatagrams'],
      ['Icmp', 'OutMsgs'],
      ['Ip', 'OutRequests'],
    ] as const) {
      expect(activityMarks(stat1, [bumped(section, counter), sockstat, sockstat6, packet, arp]), `${section} ${counter}`).not.toBe(base);
    }
    const oneMoreUdp = sockstat.replace('UDP: inuse 0', 'UDP: inuse 1');
    expect(activityMarks(stat1, [snmp, oneMoreUdp, sockstat6, packet, arp])).not.toBe(base);
    expect(activityMarks(stat1, [snmp, sockstat, sockstat6, `${packet}extra line\n`, arp])).not.toBe(base);
    expect(activityMarks(stat1, [snmp, sockstat, sockstat6, packet, arp.replace('02:fc:00:00:00:05', '02:fc:00:00:00:06')])).not.toBe(base);
  });

  it('does not count the programs the collector started itself (ip, ss) as forks', () => {
    expect(activityMarks(stat2, texts, 5)).toBe(base); // proc-stat-2 has 5 more forks than proc-stat-1
    expect(activityMarks(stat2, texts, 4)).not.toBe(base);
  });

  it('ignores what moves without this host’s processes or sockets: Unix sockets, broadcasts heard', () => {
    const moreUnixSockets = sockstat.replace('sockets: used 10022', 'sockets: used 10031');
    expect(activityMarks(stat1, [snmp, moreUnixSockets, sockstat6, packet, arp])).toBe(base);
    expect(activityMarks(stat1, [bumped('Ip', 'InReceives'), sockstat, sockstat6, packet, arp])).toBe(base);
  });
});

describe('QuietGate', () => {
  it('is quiet only after a full collection, with the same marks, within the maximum age', () => {
    const gate = new QuietGate(30_000);
    expect(gate.isQuiet('a', 1_000)).toBe(false); // nothing collected yet
    gate.collected('a', 1_000);
    expect(gate.isQuiet('a', 3_000)).toBe(true);
    expect(gate.isQuiet('b', 3_000)).toBe(false);
    expect(gate.isQuiet(undefined, 3_000)).toBe(false);
    expect(gate.isQuiet('a', 30_999)).toBe(true);
    expect(gate.isQuiet('a', 31_000)).toBe(false); // 30 s old: collect again
    gate.collected(undefined, 31_000); // a snapshot that cannot stand
    expect(gate.isQuiet('a', 32_000)).toBe(false);
  });

  it('never says quiet when the maximum age is 0', () => {
    const gate = new QuietGate(0);
    gate.collected('a', 1_000);
    expect(gate.isQuiet('a', 1_000)).toBe(false);
  });
});

describe('quietSnapshot and canStandAgain', () => {
  const previous = {
    time: 1_000,
    processes: [{ pid: 7, name: 'sshd' }],
    connections: [],
    interfaces: [],
    system: { cpuPercent: 3 },
    coverage: [
      { source: 'system', message: 'old load warning' },
      { source: 'sockets', message: 'owner unknown for 1 socket' },
    ],
  } as unknown as HostSnapshot;

  it('keeps the last snapshot’s sockets and processes, with this tick’s time, load, interface counters and their warnings', () => {
    const system = { cpuPercent: 9 } as HostSnapshot['system'];
    const snapshot = quietSnapshot(previous, { time: 3_000, system, interfaces: [], coverage: [{ source: 'interfaces', message: 'new' }] });
    expect(snapshot.time).toBe(3_000);
    expect(snapshot.system).toBe(system);
    expect(snapshot.processes).toBe(previous.processes);
    expect(snapshot.coverage.map((w) => w.message)).toEqual(['owner unknown for 1 socket', 'new']);
    expect(previous.time).toBe(1_000);
  });

  it('lets a snapshot stand again only when no process opened sockets in the tick before it (churn is counted once)', () => {
    expect(canStandAgain(previous)).toBe(true);
    const churned = { ...previous, processes: [{ pid: 7, name: 'sshd', socketsOpened: 3 }] } as unknown as HostSnapshot;
    expect(canStandAgain(churned)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { InterfaceCounters } from '../../../src-shared/model';
import { allFindings, makeSnapshot, proc, runRule, severe, T0, tcp, ticks } from '../test-support';
import { exfiltrationRule } from './exfiltration';

const MiB = 1_048_576;
const rclone = proc(321, 'rclone', { cmdline: 'rclone copy /home s3:bucket' });

function iface(name: string, txBytes: number): InterfaceCounters {
  return { name, rxBytes: 0, txBytes, rxPackets: 0, txPackets: 0, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0, rxRate: 0, txRate: 0 };
}

describe('exfiltration rule (T1048)', () => {
  it('keeps a socket’s count across quiet ticks (the same list again) and counts what it sent by the next full tick', () => {
    const upload = (bytesSent: number) => [tcp('192.168.1.10:50000', '203.0.113.80:443', { inode: 4242, process: rclone, bytesSent })];
    const first = makeSnapshot({ time: T0, connections: upload(0) });
    // 20 s of quiet ticks: the sweeps in between must not forget the socket's last count.
    const quiet = Array.from({ length: 10 }, (_, i) => ({ ...first, time: T0 + (i + 1) * 2000 }));
    const after = makeSnapshot({ time: T0 + 22_000, connections: upload(120 * MiB) });
    const perTick = runRule(exfiltrationRule(), [first, ...quiet, after]);
    expect(perTick.slice(0, 11).flat()).toEqual([]);
    expect(perTick[11]?.[0]?.evidence).toMatchObject({ bytes: 120 * MiB, target: '203.0.113.80:443' });
  });

  it('flags a large upload to one external destination with bytes, rate and target', () => {
    const snaps = ticks(12, 2000, (i) => ({
      connections: [tcp('192.168.1.10:50000', '203.0.113.80:443', { process: rclone, bytesSent: i * 15 * MiB })],
    }));
    const perTick = runRule(exfiltrationRule(), snaps);
    const first = perTick.findIndex((t) => t.length > 0);
    expect(first).toBe(7); // 7 × 15 MiB = 105 MiB
    const f = perTick[first]?.[0];
    expect(f).toMatchObject({
      key: 'rclone|203.0.113.80',
      severity: 'HIGH',
      occurrences: 1,
      process: { pid: 321 },
      destination: { address: '203.0.113.80', port: 443 },
    });
    expect(f?.evidence).toMatchObject({
      bytes: 105 * MiB,
      target: '203.0.113.80:443',
      connections: 1,
      source: 'per-connection counters',
      processName: 'rclone',
    });
    expect(Number(f?.evidence.bytesPerSec)).toBeGreaterThan(6 * MiB);
    expect(perTick.slice(first + 1).every((t) => t.length === 1 && t[0]?.occurrences === 0)).toBe(true);
    expect(perTick[11]?.[0]?.evidence.bytes).toBe(165 * MiB);
  });

  it('sums parallel connections of one process and counts a connection first seen mid-session', () => {
    const snaps = [
      makeSnapshot({ connections: [] }),
      makeSnapshot({
        time: T0 + 2000,
        connections: [
          tcp('192.168.1.10:50001', '198.51.100.9:22', { process: proc(5, 'scp'), bytesSent: 60 * MiB }),
          tcp('192.168.1.10:50002', '198.51.100.9:22', { process: proc(5, 'scp'), bytesSent: 50 * MiB }),
        ],
      }),
    ];
    const findings = allFindings(exfiltrationRule(), snaps);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toMatchObject({ bytes: 110 * MiB, connections: 2, largestConnectionBytes: 60 * MiB });
  });

  it('does not count bytes sent before monitoring, slow trickles, internal or loopback destinations', () => {
    const old = tcp('192.168.1.10:50000', '203.0.113.80:443', { process: rclone, bytesSent: 5_000 * MiB });
    expect(
      allFindings(
        exfiltrationRule(),
        ticks(5, 2000, () => ({ connections: [old] })),
      ),
    ).toEqual([]);
    // The same when its counters only become readable later (the `ss` query failed at first).
    const { bytesSent: _unused, ...countless } = old;
    expect(
      allFindings(
        exfiltrationRule(),
        ticks(5, 2000, (i) => ({ connections: [i < 2 ? countless : old] })),
      ),
    ).toEqual([]);

    // 19 MiB per minute for 10 minutes: 190 MiB in all, never 100 MiB within 5 minutes.
    const trickle = ticks(11, 60_000, (i) => ({ connections: [tcp('192.168.1.10:50000', '203.0.113.80:443', { process: rclone, bytesSent: i * 19 * MiB })] }));
    expect(allFindings(exfiltrationRule(), trickle)).toEqual([]);

    const lan = ticks(5, 2000, (i) => ({
      connections: [
        tcp('192.168.1.10:50000', '192.168.1.40:445', { process: proc(8, 'smbclient'), bytesSent: i * 100 * MiB }),
        tcp('127.0.0.1:50001', '127.0.0.1:5432', { process: proc(9, 'psql'), bytesSent: i * 100 * MiB }),
      ],
    }));
    expect(allFindings(exfiltrationRule(), lan)).toEqual([]);
    expect(new Set(allFindings(exfiltrationRule({ includeInternal: true }), lan).map((f) => f.key))).toEqual(new Set(['smbclient|192.168.1.40']));
  });

  it('escalates to CRITICAL at ten times the threshold', () => {
    const snaps = ticks(3, 2000, (i) => ({ connections: [tcp('192.168.1.10:50000', '203.0.113.80:443', { process: rclone, bytesSent: i * 6 * MiB })] }));
    const findings = allFindings(exfiltrationRule({ thresholdBytes: MiB }), snaps);
    expect(findings.map((f) => f.severity)).toEqual(['HIGH', 'CRITICAL']);
  });

  it('falls back to interface counters when no connection has byte counts', () => {
    const snaps = ticks(6, 2000, (i) => ({
      interfaces: [iface('lo', i * 500 * MiB), iface('eth0', 10 * MiB + i * 30 * MiB)],
      connections: [tcp('192.168.1.10:50000', '203.0.113.80:443', { process: rclone })],
    }));
    const perTick = runRule(exfiltrationRule(), snaps);
    expect(perTick.slice(0, 4).flat()).toEqual([]);
    const f = perTick[4]?.[0];
    expect(f).toMatchObject({ key: 'iface|eth0', severity: 'MEDIUM', occurrences: 1 });
    expect(f?.evidence).toMatchObject({
      bytes: 120 * MiB,
      interface: 'eth0',
      externalDestinations: ['203.0.113.80'],
      processes: ['rclone'],
      source: 'interface counters',
    });
    expect(severe(perTick.flat())).toEqual([]);
  });
});

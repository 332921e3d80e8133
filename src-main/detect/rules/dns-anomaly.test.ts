import { describe, expect, it } from 'vitest';
import { allFindings, kernel, makeSnapshot, proc, runRule, T0, ticks, udp, tcp } from '../test-support';
import { dnsAnomalyRule } from './dns-anomaly';

describe('dns-anomaly rule (T1071.004)', () => {
  it('flags DNS to a resolver the host is not configured to use', () => {
    const findings = allFindings(dnsAnomalyRule(), [
      makeSnapshot({
        connections: [
          udp('192.168.1.10:40001', '198.51.100.53:53', { process: proc(50, 'dig') }),
          udp('192.168.1.10:40002', '198.51.100.53:53', { process: proc(51, 'dig') }),
          tcp('192.168.1.10:40003', '198.51.100.54:53', { process: proc(50, 'dig') }),
          udp('192.168.1.10:40004', '192.168.1.1:53', { process: proc(52, 'firefox') }),
        ],
      }),
    ]);
    expect(findings.map((f) => [f.key, f.occurrences])).toEqual([
      ['foreign|dig|198.51.100.53', 2],
      ['foreign|dig|198.51.100.54', 1],
    ]);
    expect(findings[0]).toMatchObject({ severity: 'MEDIUM', destination: { address: '198.51.100.53', port: 53 } });
    expect(findings[0]?.evidence).toMatchObject({
      kind: 'unconfigured-resolver',
      configuredResolvers: ['192.168.1.1'],
      resolverExternal: true,
      processName: 'dig',
    });
  });

  it('uses the host configuration, allowed resolvers and resolver processes instead of a fixed list', () => {
    const snap = makeSnapshot({
      dnsResolvers: ['127.0.0.53'],
      connections: [
        udp('192.168.1.10:40001', '9.9.9.9:53', { process: proc(1, 'systemd-resolve') }),
        udp('192.168.1.10:40002', '9.9.9.9:53'), // the stub's upstream query, owner not readable
        udp('127.0.0.1:40003', '127.0.0.53:53', { process: proc(2, 'curl') }),
        udp('192.168.1.10:40004', '1.1.1.1:53', { process: proc(3, 'curl') }),
        udp('192.168.1.10:40005', '8.8.8.8:53', { process: proc(3, 'curl') }),
      ],
    });
    const findings = allFindings(dnsAnomalyRule({ allowedResolvers: ['8.8.8.8'] }), [snap]);
    expect(findings.map((f) => f.key)).toEqual(['foreign|curl|1.1.1.1']);
  });

  it('does not flag this host answering DNS', () => {
    const server = udp('192.168.1.10:53', '192.168.1.77:53000', { direction: 'inbound', process: proc(9, 'named') });
    const fwd = udp('192.168.1.10:53', '192.168.1.78:53', { direction: 'inbound' });
    expect(allFindings(dnsAnomalyRule(), [makeSnapshot({ connections: [server, fwd] })])).toEqual([]);
  });

  it('flags a sustained query stream from a non-resolver process (tunnelling), even to the configured resolver', () => {
    let port = 30000;
    const snaps = ticks(31, 2000, () => ({
      connections: Array.from({ length: 2 }, () => udp(`192.168.1.10:${port++}`, '192.168.1.1:53', { process: proc(66, 'iodine') })),
    }));
    const perTick = runRule(dnsAnomalyRule(), snaps);
    const firstAlert = perTick.findIndex((t) => t.length > 0);
    // Two sockets a tick: the 20 needed are reached at the 10th tick.
    expect(firstAlert).toBe(9);
    const f = perTick[firstAlert]?.[0];
    expect(f).toMatchObject({ key: 'stream|iodine', severity: 'MEDIUM', occurrences: 20 });
    expect(f?.evidence).toMatchObject({ kind: 'query-stream', socketsInWindow: 20, activeTicks: 10, resolvers: ['192.168.1.1'], processName: 'iodine' });
    expect(perTick[30]?.[0]?.evidence.socketsInWindow).toBe(62);
    expect(perTick[30]?.[0]?.occurrences).toBe(2);
  });

  it('does not flag a browser resolving a burst of names at page load', () => {
    let port = 30000;
    const snaps = ticks(30, 2000, (i) => ({
      connections: i % 12 === 0 ? Array.from({ length: 25 }, () => udp(`192.168.1.10:${port++}`, '192.168.1.1:53', { process: proc(5, 'chrome') })) : [],
    }));
    expect(allFindings(dnsAnomalyRule(), snaps)).toEqual([]);
  });

  it('flags one DNS socket held open by a non-resolver process, even to the configured resolver', () => {
    const tunnel = udp('192.168.1.10:40000', '192.168.1.1:53', { process: proc(70, 'iodine'), inode: 4711 });
    const quick = udp('192.168.1.10:40001', '192.168.1.1:53', { process: proc(71, 'firefox') });
    const stub = udp('192.168.1.10:40002', '9.9.9.9:53', { process: proc(1, 'systemd-resolve') });
    const snaps = ticks(20, 2000, (i) => ({
      connections: [tunnel, ...(i % 5 === 0 ? [quick] : []), stub],
      kernel: kernel({ udpOutDatagrams: i * 50 }),
    }));
    const perTick = runRule(dnsAnomalyRule(), snaps);
    const hits = perTick.flatMap((t, i) => t.map((f) => [i, f.key]));
    expect(hits).toEqual([[15, 'persistent|iodine|192.168.1.1']]);
    expect(perTick[15]?.[0]?.evidence).toMatchObject({ kind: 'persistent-socket', socketAgeSec: 30, resolverConfigured: true, hostUdpDatagramsOutPerSec: 25 });
  });

  it('forgets streams after the window', () => {
    let port = 30000;
    const snaps = [
      ...ticks(31, 2000, () => ({ connections: [udp(`192.168.1.10:${port++}`, '192.168.1.1:53', { process: proc(66, 'tool') })] })),
      makeSnapshot({ time: T0 + 200_000, connections: [udp('192.168.1.10:1', '192.168.1.1:53', { process: proc(66, 'tool') })] }),
    ];
    const perTick = runRule(dnsAnomalyRule(), snaps);
    expect(perTick[30]?.length).toBe(1);
    expect(perTick[31]).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ListeningPort } from '../../../src-shared/model';
import { allFindings, makeSnapshot, proc, processInfo, runRule, severe, T0, tcp, ticks } from '../test-support';
import { torProxyRule } from './tor-proxy';
import { parseTorRelayList } from './tor-relay-list';

const socks = (port: number, name = 'tor'): ListeningPort => ({ protocol: 'tcp', family: 4, address: '127.0.0.1', port, inode: 3, process: proc(300, name) });

describe('tor-proxy rule (T1090.003)', () => {
  it('flags sessions to Tor ports, a tor process and its SOCKS listener', () => {
    const snap = makeSnapshot({
      processes: [processInfo(300, 1, 'tor', { cmdline: 'tor -f /etc/tor/torrc', startTime: T0 - 5000 })],
      listening: [socks(9050)],
      connections: [
        tcp('192.168.1.10:50000', '198.51.100.20:9001', { process: proc(300, 'tor') }),
        tcp('127.0.0.1:50001', '127.0.0.1:9050', { direction: 'local', process: proc(400, 'curl') }),
        tcp('127.0.0.1:9050', '127.0.0.1:50001', { direction: 'local', process: proc(300, 'tor') }),
      ],
    });
    const findings = allFindings(torProxyRule(), [snap]);
    expect(findings.map((f) => f.key).sort()).toEqual(['listen|9050', 'port|curl|127.0.0.1:9050', 'port|tor|198.51.100.20:9001', 'process|tor']);
    expect(findings.every((f) => f.severity === 'HIGH')).toBe(true);
    expect(findings.find((f) => f.key === 'port|curl|127.0.0.1:9050')?.evidence.reason).toBe('Tor SOCKS proxy');
    expect(findings.find((f) => f.key === 'process|tor')?.process?.cmdline).toBe('tor -f /etc/tor/torrc');
  });

  it('flags relays from a loaded list on any port, and reports each thing once', () => {
    const relays = parseTorRelayList('r r1 AAAA BBBB 2025-01-01 00:00:00 185.220.101.4 443 0\n').addresses;
    const c = tcp('192.168.1.10:50000', '185.220.101.4:443', { process: proc(12, 'updater') });
    const snaps = ticks(3, 2000, () => ({ connections: [c], processes: [processInfo(300, 1, 'tor')] }));
    const perTick = runRule(torProxyRule({ relayAddresses: relays }), snaps);
    expect(perTick[0]?.map((f) => f.key).sort()).toEqual(['process|tor', 'relay|updater|185.220.101.4']);
    expect(perTick[1]).toEqual([]);
    expect(perTick[2]).toEqual([]);
  });

  it('rates a listener on the ORPort as MEDIUM (could be another service) and ignores ordinary traffic', () => {
    const snap = makeSnapshot({
      listening: [{ protocol: 'tcp', family: 4, address: '0.0.0.0', port: 9001, inode: 5, process: proc(8, 'supervisord') }],
      connections: [
        tcp('192.168.1.10:50000', '203.0.113.5:443', { process: proc(5, 'firefox') }),
        tcp('192.168.1.10:9001', '192.168.1.30:51000', { direction: 'inbound', process: proc(8, 'supervisord') }),
      ],
      processes: [processInfo(5, 1, 'firefox'), processInfo(9, 1, 'torsocks-not'), processInfo(10, 1, 'tortoisegit')],
    });
    const findings = allFindings(torProxyRule(), [snap]);
    expect(findings.map((f) => [f.key, f.severity])).toEqual([['listen|9001', 'MEDIUM']]);
    expect(severe(findings)).toEqual([]);
  });
});

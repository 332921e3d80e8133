import { describe, expect, it } from 'vitest';
import type { ListeningPort } from '../../../src-shared/model';
import { allFindings, makeSnapshot, proc, runRule, T0, tcp } from '../test-support';
import { nonStandardPortRule } from './non-standard-port';

const listener = (port: number, address = '0.0.0.0', name = 'nc'): ListeningPort => ({
  protocol: 'tcp',
  family: 4,
  address,
  port,
  inode: 1,
  process: proc(900, name),
});

describe('non-standard-port rule (T1571)', () => {
  it('flags a session to the Metasploit port, naming the process and the reason, once per connection', () => {
    const c = tcp('192.168.1.10:51000', '203.0.113.66:4444', { process: proc(4242, 'payload') });
    const c2 = tcp('192.168.1.10:51002', '203.0.113.66:4444', { process: proc(4242, 'payload') });
    const ticks = runRule(nonStandardPortRule(), [
      makeSnapshot({ connections: [c] }),
      makeSnapshot({ time: T0 + 2000, connections: [c] }),
      makeSnapshot({ time: T0 + 4000, connections: [c, c2] }),
    ]);
    expect(ticks.map((t) => t.length)).toEqual([1, 0, 1]);
    const f = ticks[0]?.[0];
    expect(f).toMatchObject({ key: 'out|payload|203.0.113.66:4444', severity: 'HIGH', process: { pid: 4242, name: 'payload' } });
    expect(f?.evidence).toMatchObject({ port: 4444, direction: 'outbound', remoteExternal: true, processName: 'payload' });
    expect(String(f?.evidence.reason)).toMatch(/Metasploit/);
    expect(ticks[2]?.[0]?.key).toBe(f?.key);
  });

  it('reports a loopback session once (client side) plus the listener', () => {
    const client = tcp('127.0.0.1:40000', '127.0.0.1:4444', { direction: 'local', process: proc(10, 'python3') });
    const server = tcp('127.0.0.1:4444', '127.0.0.1:40000', { direction: 'local', process: proc(900, 'nc') });
    const findings = allFindings(nonStandardPortRule(), [makeSnapshot({ connections: [client, server], listening: [listener(4444, '127.0.0.1')] })]);
    expect(findings.map((f) => f.key).sort()).toEqual(['listen|tcp|4444', 'out|python3|127.0.0.1:4444']);
  });

  it('flags a LAN host reaching a local Back Orifice port and IRC sessions', () => {
    const inbound = tcp('192.168.1.10:31337', '192.168.1.66:50123', { direction: 'inbound', process: proc(900, 'bo2k') });
    const irc = tcp('192.168.1.10:50200', '198.51.100.7:6667', { process: proc(77, 'bot') });
    const findings = allFindings(nonStandardPortRule({ flagListeners: false }), [makeSnapshot({ connections: [inbound, irc] })]);
    expect(findings.map((f) => f.key).sort()).toEqual(['in|31337|192.168.1.66', 'out|bot|198.51.100.7:6667']);
    expect(findings.find((f) => f.key.startsWith('in'))?.evidence.reason).toMatch(/Back Orifice/);
    expect(findings.find((f) => f.key.startsWith('out'))?.evidence.reason).toMatch(/IRC/);
  });

  it('ignores ephemeral ports that happen to be on the list', () => {
    // Client port 45700 (a mining-pool port) talking to HTTPS, and a remote client from port 4444 to our SSH.
    const https = tcp('192.168.1.10:45700', '203.0.113.5:443', { process: proc(5, 'firefox') });
    const ssh = tcp('192.168.1.10:22', '192.168.1.50:4444', { direction: 'inbound', process: proc(6, 'sshd') });
    const findings = allFindings(nonStandardPortRule(), [makeSnapshot({ connections: [https, ssh], listening: [listener(22, '0.0.0.0', 'sshd')] })]);
    expect(findings).toEqual([]);
  });

  it('reports a listener once while it stays up, and again after it comes back', () => {
    const up = makeSnapshot({ listening: [listener(12345)] });
    const down = makeSnapshot({ time: T0 + 2000 });
    const ticks = runRule(nonStandardPortRule(), [up, { ...up, time: T0 + 1000 }, down, { ...up, time: T0 + 3000 }]);
    expect(ticks.map((t) => t.length)).toEqual([1, 0, 0, 1]);
    expect(ticks[0]?.[0]?.evidence.reason).toMatch(/NetBus/);
  });

  it("takes a configured port list in place of the catalogue's", () => {
    const rule = nonStandardPortRule({ ports: [{ port: 8001, reason: 'our test C2' }] });
    const findings = allFindings(rule, [
      makeSnapshot({ connections: [tcp('192.168.1.10:50000', '203.0.113.1:8001'), tcp('192.168.1.10:50001', '203.0.113.1:4444')] }),
    ]);
    expect(findings.map((f) => f.evidence.reason)).toEqual(['our test C2']);
  });

  it('counts a connection first seen in TIME_WAIT', () => {
    const tw = tcp('192.168.1.10:50100', '203.0.113.9:4444', { state: 'TIME_WAIT' });
    const findings = allFindings(nonStandardPortRule(), [makeSnapshot({ connections: [tw] })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.key).toBe('out|?|203.0.113.9:4444');
    expect(findings[0]?.evidence.state).toBe('TIME_WAIT');
  });
});

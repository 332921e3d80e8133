import { describe, expect, it } from 'vitest';
import type { Connection, HostSnapshot } from '../../../src-shared/model';
import { HOST_IP, makeSnapshot, proc, runRule, T0, tcp } from '../test-support';
import { bruteForceRule } from './brute-force';

const hydra = proc(4242, 'hydra', { cmdline: 'hydra -l root -P words ssh://192.168.1.50' });
const sshd = proc(22, 'sshd', { exe: '/usr/sbin/sshd' });
const sshListener = { protocol: 'tcp' as const, family: 4 as const, address: '0.0.0.0', port: 22, inode: 1, process: sshd };

/**
 * One tick a second; each attempt is a connection from a fresh local port that stays open for
 * `lifeTicks` ticks and then disappears (closed). `startEvery` ticks a new attempt starts.
 */
function attempts(
  count: number,
  opts: { startEvery?: number; lifeTicks?: number; make: (n: number) => Connection; extra?: Partial<HostSnapshot> },
): HostSnapshot[] {
  const { startEvery = 1, lifeTicks = 2 } = opts;
  const total = count * startEvery + lifeTicks + 1;
  return Array.from({ length: total }, (_, tick) => {
    const live: Connection[] = [];
    for (let n = 0; n < count; n++) {
      const start = n * startEvery;
      if (tick >= start && tick < start + lifeTicks) live.push(opts.make(n));
    }
    return makeSnapshot({ time: T0 + tick * 1000, connections: live, ...opts.extra });
  });
}

const outboundSsh = (n: number): Connection => tcp(`${HOST_IP}:${40000 + n}`, '192.168.1.50:22', { process: hydra });
const inboundSsh =
  (peer: string) =>
  (n: number): Connection =>
    tcp(`${HOST_IP}:22`, `${peer}:${50000 + n}`, { direction: 'inbound', process: sshd });

describe('brute-force rule', () => {
  it('names hydra after 10 short SSH connections to one server (one every second, 2 s each)', () => {
    const findings = runRule(bruteForceRule(), attempts(12, { make: outboundSsh }));
    const first = findings.findIndex((f) => f.length > 0);
    // attempt n opens at tick n and is gone at tick n+2: the 10th closes at tick 11
    expect(first).toBe(11);
    expect(findings[first]?.[0]).toMatchObject({
      key: 'outbound|192.168.1.50|22',
      severity: 'HIGH',
      process: hydra,
      destination: { address: '192.168.1.50', port: 22 },
      evidence: { service: 'SSH', shortConnections: 10, perMinute: 66.7, processName: 'hydra', firstAttempt: new Date(T0).toISOString() },
      occurrences: 10,
    });
    expect(findings[first + 1]?.[0]).toMatchObject({ evidence: { shortConnections: 11 }, occurrences: 1 });
  });

  it('stays quiet for long sessions and for fewer attempts', () => {
    expect(runRule(bruteForceRule(), attempts(12, { lifeTicks: 20, make: outboundSsh })).flat()).toEqual([]);
    expect(runRule(bruteForceRule(), attempts(9, { make: outboundSsh })).flat()).toEqual([]);
  });

  it('needs 60 short connections on web ports (a page load opens a dozen)', () => {
    const web = (n: number): Connection => tcp(`${HOST_IP}:${40000 + n}`, '203.0.113.9:443', { process: proc(7, 'firefox') });
    expect(runRule(bruteForceRule(), attempts(30, { make: web })).flat()).toEqual([]);
    expect(runRule(bruteForceRule(), attempts(61, { make: web })).flat().length).toBeGreaterThan(0);
  });

  it('catches a slow guesser (one attempt every 6 s) within the 2-minute window', () => {
    const findings = runRule(bruteForceRule(), attempts(12, { startEvery: 6, make: outboundSsh }));
    expect(findings.flat()[0]?.evidence).toMatchObject({ shortConnections: 10, perMinute: 11.1 });
  });

  it("names the source of inbound guessing at this host's sshd", () => {
    const findings = runRule(bruteForceRule(), attempts(10, { make: inboundSsh('10.0.0.66'), extra: { listening: [sshListener] } })).flat();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: 'inbound|10.0.0.66|22',
      source: { address: '10.0.0.66' },
      destination: { address: HOST_IP, port: 22 },
      evidence: { direction: 'inbound', attacker: '10.0.0.66', shortConnections: 10 },
    });
    expect(findings[0]?.process).toBeUndefined();
  });

  it('counts sshd on a non-standard port, and sees many sources each below the threshold', () => {
    const peers = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'];
    const spread = (n: number): Connection => tcp(`${HOST_IP}:2222`, `${peers[n % 4]}:${50000 + n}`, { direction: 'inbound', process: sshd });
    const findings = runRule(bruteForceRule(), attempts(24, { make: spread, extra: { listening: [{ ...sshListener, port: 2222 }] } })).flat();
    expect(findings.every((f) => f.key === 'distributed|2222')).toBe(true);
    expect(findings[0]).toMatchObject({ evidence: { sourceCount: 4, shortConnections: 20, port: 2222, service: 'sshd' } });
    expect(findings[0]?.title).toBe('Distributed sshd brute force against this host from 4 sources');
  });

  it('sums one ssh client per attempt to a non-standard port, ownerless leftovers included, and names the service', () => {
    // Even attempts are seen with their ssh process; odd ones only after it exited (TIME_WAIT, no owner).
    const guess = (n: number): Connection =>
      tcp(`${HOST_IP}:${40000 + n}`, '198.51.100.7:2222', n % 2 === 0 ? { process: proc(5000 + n, 'ssh', { exe: '/usr/bin/ssh' }) } : {});
    const findings = runRule(bruteForceRule(), attempts(12, { make: guess })).flat();
    expect(findings[0]).toMatchObject({ key: 'outbound|198.51.100.7|2222', evidence: { service: 'SSH', shortConnections: 10, processName: 'ssh' } });
    // A program that is no login client on the same kind of port stays out.
    const other = (n: number): Connection => tcp(`${HOST_IP}:${40000 + n}`, '198.51.100.7:2222', { process: proc(6000 + n, 'curl') });
    expect(runRule(bruteForceRule(), attempts(12, { make: other })).flat()).toEqual([]);
  });

  it('ignores loopback and inbound web requests', () => {
    const local = (n: number): Connection => tcp(`127.0.0.1:${40000 + n}`, '127.0.0.1:22', { process: hydra });
    expect(runRule(bruteForceRule(), attempts(15, { make: local })).flat()).toEqual([]);
    const web = (n: number): Connection => tcp(`${HOST_IP}:443`, `10.0.0.9:${50000 + n}`, { direction: 'inbound' });
    expect(runRule(bruteForceRule(), attempts(15, { make: web })).flat()).toEqual([]);
  });
});

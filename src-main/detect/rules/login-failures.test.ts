import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoginEvent } from '../../../src-shared/model';
import { parseAuthLine } from '../../collect/auth-log-lines';
import { allFindings, makeSnapshot, runRule, T0 } from '../test-support';
import { loginFailuresRule } from './login-failures';

/** The hydra run captured through rsyslogd (src-main/collect/fixtures), as the tail hands it over in one tick. */
function capturedLogins(at: number): LoginEvent[] {
  const text = readFileSync(join(__dirname, '../../collect/fixtures/auth-log-syslog.txt'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.includes(' sshd['))
    .flatMap((line) => {
      const login = parseAuthLine(line);
      return login ? [{ ...login, at }] : [];
    });
}

const failed = (address: string, user: string, at: number, port = 40_000): LoginEvent => ({ outcome: 'failed', daemon: 'sshd', user, address, port, at });
const tick = (i: number, loginEvents: LoginEvent[]) => makeSnapshot({ time: T0 + i * 1000, loginEvents });

describe('login-failures', () => {
  it("reports hydra's 24 failed passwords for root from the captured log, then CRITICAL for the accepted login from the same peer", () => {
    const [first, second] = runRule(loginFailuresRule(), [tick(0, capturedLogins(T0))]);
    expect(second).toBeUndefined();
    expect(first?.map((f) => [f.severity, f.title])).toEqual([
      ['HIGH', 'sshd brute force from 127.0.0.1: 25 failed logins for 2 user names'],
      ['CRITICAL', 'sshd login as nscapuser from 127.0.0.1 accepted after 25 failed logins'],
    ]);
    // 24 refused passwords for root, and nosuchuser's connection (refused keys, never a password): an attempt of its own.
    expect(first?.[0]?.evidence).toMatchObject({ failedLogins: 25, userNames: 2, users: ['root', 'nosuchuser'], attacker: '127.0.0.1', seenIn: 'auth log' });
  });

  it('counts failures across ticks, reports again only when the count grew, and names the peer as the source', () => {
    const findings = runRule(loginFailuresRule(), [
      tick(
        0,
        Array.from({ length: 6 }, () => failed('203.0.113.5', 'root', T0)),
      ),
      tick(
        1,
        Array.from({ length: 6 }, () => failed('203.0.113.5', 'root', T0 + 1000)),
      ),
      tick(2, []),
      tick(3, [failed('203.0.113.5', 'root', T0 + 3000)]),
    ]);
    expect(findings.map((f) => f.length)).toEqual([0, 1, 0, 1]);
    expect(findings[1]?.[0]).toMatchObject({
      title: 'sshd brute force from 203.0.113.5: 12 failed logins for root',
      source: { address: '203.0.113.5' },
      occurrences: 12,
    });
    expect(findings[3]?.[0]).toMatchObject({ occurrences: 1, evidence: { failedLogins: 13, perMinute: 260 } });
  });

  it('stays quiet for an admin who mistypes twice and logs in, and for failures spread beyond the window', () => {
    const typo = [
      failed('198.51.100.2', 'alice', T0),
      failed('198.51.100.2', 'alice', T0),
      { ...failed('198.51.100.2', 'alice', T0), outcome: 'accepted' as const },
    ];
    expect(allFindings(loginFailuresRule(), [tick(0, typo)])).toEqual([]);
    const slow = Array.from({ length: 30 }, (_, i) => tick(i * 40, [failed('198.51.100.3', 'root', T0 + i * 40_000)]));
    expect(allFindings(loginFailuresRule(), slow)).toEqual([]);
  });

  it('calls many user names from one peer password spraying', () => {
    const users = ['root', 'admin', 'ubuntu', 'oracle', 'git', 'test', 'deploy', 'pi', 'user', 'postgres'];
    const [finding] = allFindings(loginFailuresRule(), [
      tick(
        0,
        users.map((u, i) => failed('192.0.2.44', u, T0, 50_000 + i)),
      ),
    ]);
    expect(finding?.title).toBe('sshd password spraying from 192.0.2.44: 10 failed logins for 10 user names');
  });

  it('counts "Invalid user X" and the failed password for that connection as one attempt', () => {
    const probe = (port: number): LoginEvent[] => [
      { outcome: 'invalid-user', daemon: 'sshd', user: 'admin', address: '192.0.2.8', port, at: T0 },
      failed('192.0.2.8', 'admin', T0, port),
      failed('192.0.2.8', 'admin', T0, port),
    ];
    const [finding] = allFindings(loginFailuresRule(), [tick(0, [...probe(1), ...probe(2), ...probe(3), ...probe(4), ...probe(5)])]);
    expect(finding?.evidence.failedLogins).toBe(10);
  });

  it('reports guessing spread over many peers once per growth, each peer below the threshold', () => {
    const wave = (i: number, each: number) =>
      tick(i, Array.from({ length: 6 }, (_, p) => Array.from({ length: each }, () => failed(`203.0.113.${10 + p}`, 'root', T0 + i * 1000))).flat());
    const findings = runRule(loginFailuresRule(), [wave(0, 3), wave(1, 3), wave(2, 1), wave(3, 0), wave(4, 2)]);
    expect(findings.map((f) => f.map((x) => x.title))).toEqual([
      [],
      [],
      ['Distributed sshd brute force against this host: 42 failed logins from 6 peers'],
      [],
      ['Distributed sshd brute force against this host: 54 failed logins from 6 peers'],
    ]);
  });

  it('keeps at most maxTracked peers', () => {
    const rule = loginFailuresRule({ maxTracked: 50 });
    const state = rule.createState();
    const events = Array.from({ length: 500 }, (_, i) => failed(`10.9.${i >> 8}.${i & 255}`, 'root', T0));
    rule.evaluate(tick(0, events), state, { homeNet: undefined as never, now: T0 });
    expect(state.sources.byKey.size).toBe(50);
  });
});

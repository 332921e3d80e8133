import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/model';
import { parseSettingsPatch } from '../../src-shared/settings';
import { addCounts, describeSuppression, expiryText, matchedCounts, remarkAlerts, sameSuppression, suppressionCountsShown } from './suppressions';
import { buildSuppression, initialChoice, scopeOptions } from './suppress-choice';

const NOW = Date.parse('2026-11-29T23:00:00Z');
const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id,
  ruleId: 'non-standard-port',
  techniqueId: 'T1571',
  severity: 'HIGH',
  title: 't',
  description: 'd',
  firstSeen: NOW,
  lastSeen: NOW,
  count: 1,
  evidence: {},
  destination: { address: '127.0.0.1', port: 4444 },
  process: { pid: 42, name: 'nc', exe: '/usr/bin/nc.openbsd' },
  ...over,
});

describe('suppressionCountsShown', () => {
  const s = { key: 'a' };
  const held = { a: alert('a', { status: 'suppressed', suppressedBy: s }) };

  it("shows the engine's counts (every alert it keeps, beyond what this window holds) when they are for this list", () => {
    expect(suppressionCountsShown([s], [1_234], held)).toEqual([{ count: 1_234, fromEngine: true }]);
  });

  it("counts this window's alerts, marked as such, when the engine's counts are missing or for another list", () => {
    expect(suppressionCountsShown([s], undefined, held)).toEqual([{ count: 1, fromEngine: false }]);
    expect(suppressionCountsShown([s, { key: 'b' }], [5], held)).toEqual([
      { count: 1, fromEngine: false },
      { count: 0, fromEngine: false },
    ]);
  });
});

describe('remarkAlerts', () => {
  const held = { a: alert('a'), b: alert('b', { severity: 'CRITICAL', destination: { address: '10.0.0.9', port: 22 } }) };

  it('turns matching alerts suppressed with the suppression that matched, and counts the change', () => {
    const s = { destination: '127.0.0.0/8', reason: 'loopback lab' };
    const result = remarkAlerts(held, [s], NOW);
    expect(result.alerts['a']).toMatchObject({ status: 'suppressed', suppressedBy: s });
    expect(result.alerts['b']).toBe(held.b);
    expect(result.countsDelta).toEqual({ LOW: 0, MEDIUM: 0, HIGH: -1, CRITICAL: 0 });
    expect(result.suppressedDelta).toBe(1);
    expect(addCounts({ LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 1 }, result.countsDelta)).toEqual({ LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 1 });
  });

  it('turns them active again when the suppression is removed, and leaves the map alone when nothing changes', () => {
    const suppressed = remarkAlerts(held, [{ key: 'b' }], NOW).alerts;
    const back = remarkAlerts(suppressed, [], NOW);
    expect(back.alerts['b']).toMatchObject({ status: 'active' });
    expect(back.alerts['b']?.suppressedBy).toBeUndefined();
    expect(back.countsDelta.CRITICAL).toBe(1);
    expect(back.suppressedDelta).toBe(-1);
    expect(remarkAlerts(back.alerts, [], NOW).alerts).toBe(back.alerts);
  });

  it('an expired suppression matches nothing', () => {
    const result = remarkAlerts(held, [{ key: 'a', until: '2026-11-29T22:59:59Z' }], NOW);
    expect(result.alerts).toBe(held);
  });

  it('counts what each suppression holds, comparing by value', () => {
    const list = [{ rule: 'non-standard-port', destination: '10.0.0.9:22' }, { technique: 'T1571' }];
    const marked = remarkAlerts(held, list, NOW).alerts;
    expect(matchedCounts(JSON.parse(JSON.stringify(list)) as typeof list, marked)).toEqual([1, 1]);
    expect(sameSuppression({ rule: 'x' }, { rule: 'x', reason: 'r' })).toBe(false);
  });

  it('describes a suppression and its expiry for people', () => {
    expect(describeSuppression({ rule: 'non-standard-port', destination: '10.0.0.5:4444', reason: 'lab' })).toBe(
      'rule non-standard-port · destination 10.0.0.5:4444',
    );
    expect(expiryText({ key: 'a' }, NOW)).toBe('forever');
    expect(expiryText({ key: 'a', until: '2026-11-29T22:00:00Z' }, NOW)).toBe('expired');
    expect(expiryText({ key: 'a', until: '2026-11-30T23:00:00Z' }, NOW)).toMatch(/^until /);
  });
});

describe('Suppress… choices', () => {
  it('offers the four scopes, and says why one cannot apply', () => {
    expect(scopeOptions(alert('a')).map((o) => [o.scope, o.unavailable])).toEqual([
      ['alert', undefined],
      ['rule-process', undefined],
      ['rule-destination', undefined],
      ['technique', undefined],
    ]);
    const bare = scopeOptions(alert('a', { process: undefined, destination: undefined }));
    expect(bare.filter((o) => o.unavailable).map((o) => o.unavailable)).toEqual(['the alert names no process', 'the alert names no destination']);
  });

  it('builds each suppression, with expiry and reason, and the schema accepts them', () => {
    const a = alert('non-standard-port:x');
    const base = initialChoice(a);
    expect(base.destination).toBe('127.0.0.1:4444');
    const made = [
      buildSuppression(a, base, NOW),
      buildSuppression(a, { ...base, scope: 'rule-process', expiry: '1h', reason: ' backup job ' }, NOW),
      buildSuppression(a, { ...base, scope: 'rule-destination', destination: '127.0.0.0/8', expiry: '1d' }, NOW),
      buildSuppression(a, { ...base, scope: 'technique' }, NOW),
    ];
    expect(made).toEqual([
      { key: 'non-standard-port:x' },
      { rule: 'non-standard-port', process: '/usr/bin/nc.openbsd', until: '2026-11-30T00:00:00.000Z', reason: 'backup job' },
      { rule: 'non-standard-port', destination: '127.0.0.0/8', until: '2026-11-30T23:00:00.000Z' },
      { technique: 'T1571' },
    ]);
    expect(parseSettingsPatch({ suppressions: made }).ok).toBe(true);
    const bad = buildSuppression(a, { ...base, scope: 'rule-destination', destination: 'example.com' }, NOW);
    expect(parseSettingsPatch({ suppressions: [bad] })).toEqual({
      ok: false,
      error: 'suppressions.0.destination: must be an address, address:port or CIDR (e.g. 10.0.0.5:4444 or 10.0.0.0/8), got "example.com"',
    });
  });
});

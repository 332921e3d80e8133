import { describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../../src-shared/attack';
import type { Finding, HostSnapshot } from '../../src-shared/model';
import { createEngine } from './engine';
import { networkScanRule } from './rules/network-scan';
import { makeSnapshot, proc, T0, tcp } from './test-support';
import type { Rule } from './types';

/** Reports one finding per listed key every tick, and counts the ticks its state has seen. */
function keysRule(id: string, keys: string[], extra: Partial<Finding> = {}): Rule<{ ticks: number }, { n: number }> {
  return {
    id,
    technique: TECHNIQUES.T1571,
    defaultSeverity: 'HIGH',
    summary: 'test',
    config: { n: 1 },
    createState: () => ({ ticks: 0 }),
    evaluate(_snapshot, state) {
      state.ticks += 1;
      return keys.map((key) => ({ key, severity: 'HIGH', title: key, description: `ticks ${state.ticks}`, evidence: {}, ...extra }));
    },
  };
}

const at = (i: number): HostSnapshot => makeSnapshot({ time: T0 + i * 1000 });

describe('engine suppressions', () => {
  const destination = { address: '10.0.0.5', port: 4444 };

  it('records a suppressed alert with the suppression that matched, and leaves it out of the counts', () => {
    const engine = createEngine([keysRule('r', ['a', 'b'], { destination })], {
      suppressions: [{ technique: 'T1571', destination: '10.0.0.5:4444', key: 'r:a', reason: 'lab' }],
    });
    const changed = engine.evaluate(at(0));
    expect(changed.find((a) => a.id === 'r:a')).toMatchObject({ status: 'suppressed', suppressedBy: { key: 'r:a', reason: 'lab' } });
    expect(changed.find((a) => a.id === 'r:b')).toMatchObject({ status: 'active' });
    expect(changed.find((a) => a.id === 'r:b')?.suppressedBy).toBeUndefined();
    expect(engine.severityCounts()).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0 });
    expect(engine.suppressedCount()).toBe(1);
    expect(engine.suppressionCounts()).toEqual([1]);
  });

  it('adding a suppression re-marks open alerts at once; removing it turns them active', () => {
    const engine = createEngine([keysRule('r', ['a', 'b'], { destination })]);
    engine.evaluate(at(0));
    const muted = engine.setSuppressions([{ destination: '10.0.0.0/8' }, { rule: 'other' }], T0 + 500);
    expect(muted.map((a) => [a.id, a.status])).toEqual([
      ['r:a', 'suppressed'],
      ['r:b', 'suppressed'],
    ]);
    expect(engine.severityCounts().HIGH).toBe(0);
    expect(engine.suppressionCounts()).toEqual([2, 0]);
    expect(engine.alerts().every((a) => a.status === 'suppressed')).toBe(true);
    // A later finding for a suppressed alert keeps it suppressed.
    expect(engine.evaluate(at(1)).every((a) => a.status === 'suppressed')).toBe(true);

    const restored = engine.setSuppressions([], T0 + 1500);
    expect(restored.map((a) => a.status)).toEqual(['active', 'active']);
    expect(engine.severityCounts().HIGH).toBe(2);
    expect(engine.setSuppressions([], T0 + 1600)).toEqual([]);
  });

  it('an expired suppression lets its alerts turn active at the first tick after `until`', () => {
    const until = new Date(T0 + 2500).toISOString();
    const engine = createEngine([keysRule('r', ['a'])], { suppressions: [{ rule: 'r', until }] });
    expect(engine.evaluate(at(0))[0]?.status).toBe('suppressed');
    expect(engine.evaluate(at(2))[0]?.status).toBe('suppressed');
    expect(engine.evaluate(at(3))[0]?.status).toBe('active');
  });

  it('matches a process by name or exe path, and every given field must match', () => {
    const sshd = proc(10, 'sshd', { exe: '/usr/sbin/sshd' });
    const engine = createEngine([keysRule('r', ['a'], { process: sshd, destination })]);
    engine.evaluate(at(0));
    const statusWith = (suppression: object): string | undefined => engine.setSuppressions([suppression], T0)[0]?.status ?? engine.alerts()[0]?.status;
    expect(statusWith({ process: 'sshd' })).toBe('suppressed');
    expect(statusWith({ process: '/usr/sbin/sshd' })).toBe('suppressed');
    expect(statusWith({ process: '/tmp/sshd' })).toBe('active');
    expect(statusWith({ process: 'sshd', destination: '10.0.0.5:22' })).toBe('active');
    expect(statusWith({ process: 'sshd', destination: '10.0.0.5' })).toBe('suppressed');
    expect(statusWith({ technique: 'T1571', rule: 'r', key: 'r:b' })).toBe('active');
    expect(statusWith({ technique: 'T1090' })).toBe('active');
  });
});

describe('engine reconfiguration', () => {
  it('applies new rules, HOME_NET and severity overrides from the next tick, keeping alerts and unchanged rule state', () => {
    const kept = keysRule('kept', ['k']);
    const engine = createEngine([kept, keysRule('dropped', ['d'])], { homeNetCidrs: [] });
    engine.evaluate(at(0));
    engine.reconfigure({ rules: [kept], severityOverrides: { kept: 'LOW' }, homeNetCidrs: ['203.0.113.0/24', 'bogus'] });
    expect(engine.alerts()).toHaveLength(2);
    const next = engine.evaluate(at(1));
    expect(next.map((a) => a.id)).toEqual(['kept:k']);
    // Its state saw both ticks: the rule was kept, not rebuilt.
    expect(next[0]).toMatchObject({ description: 'ticks 2', severity: 'LOW' });
    expect(engine.lastErrors()).toContain('HOME_NET: ignored invalid CIDR "bogus"');
    expect(engine.alerts()).toHaveLength(2);
  });

  it("a severity override applies at once to the alerts already folded, counts follow, and removing it gives the rule's severity back", () => {
    // 'quiet' stops finding after the first tick: only the override can change its alert.
    let quiet = true;
    const once: Rule<object, object> = {
      ...keysRule('once', ['q']),
      evaluate: () => (quiet ? ((quiet = false), [{ key: 'q', severity: 'MEDIUM', title: 'q', description: 'd', evidence: {} }]) : []),
    };
    const engine = createEngine([keysRule('r', ['a', 'b']), once], { suppressions: [{ key: 'r:b' }] });
    engine.evaluate(at(0));
    expect(engine.severityCounts()).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 1, LOW: 0 });
    const changed = engine.setSeverityOverrides({ r: 'CRITICAL', once: 'LOW' });
    expect(changed.map((a) => [a.id, a.severity, a.ruleSeverity]).sort()).toEqual([
      ['once:q', 'LOW', 'MEDIUM'],
      ['r:a', 'CRITICAL', 'HIGH'],
      ['r:b', 'CRITICAL', 'HIGH'],
    ]);
    expect(engine.severityCounts()).toEqual({ CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 1 });
    expect(engine.suppressedCount()).toBe(1);
    // New findings of an overridden rule keep the override; the rule's own severity is kept beside it.
    expect(engine.evaluate(at(1)).find((a) => a.id === 'r:a')).toMatchObject({ severity: 'CRITICAL', ruleSeverity: 'HIGH' });
    const restored = engine.setSeverityOverrides({});
    expect(restored.map((a) => [a.id, a.severity]).sort()).toEqual([
      ['once:q', 'MEDIUM'],
      ['r:a', 'HIGH'],
      ['r:b', 'HIGH'],
    ]);
    expect(restored.every((a) => a.ruleSeverity === undefined)).toBe(true);
    expect(engine.severityCounts()).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 1, LOW: 0 });
    // Through reconfigure the same happens at the next tick, and the batch gets the re-severitied alerts.
    engine.reconfigure({ severityOverrides: { once: 'CRITICAL' } });
    expect(engine.evaluate(at(2)).find((a) => a.id === 'once:q')).toMatchObject({ severity: 'CRITICAL', ruleSeverity: 'MEDIUM' });
  });

  it('a changed threshold takes effect at the next tick (network-scan, fewer distinct ports)', () => {
    const attacker = '203.0.113.9';
    const probes = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => tcp(`192.168.1.10:${from + i}`, `${attacker}:5${i}000`, { state: 'SYN_RECV', direction: 'inbound' }));
    const engine = createEngine([networkScanRule()]);
    expect(engine.evaluate(makeSnapshot({ time: T0, connections: probes(1000, 4) }))).toEqual([]);
    engine.reconfigure({ rules: [networkScanRule({ inboundDistinctPorts: 3 })] });
    const after = engine.evaluate(makeSnapshot({ time: T0 + 1000, connections: probes(2000, 4) }));
    expect(after.map((a) => a.ruleId)).toContain('network-scan');
  });
});

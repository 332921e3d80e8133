import { describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../../src-shared/attack';
import type { Finding, HostSnapshot, Severity } from '../../src-shared/model';
import { createEngine } from './engine';
import { defaultRules } from './rules';
import { makeSnapshot, T0, tcp } from './test-support';
import type { Rule } from './types';

/** A rule that reports whatever the test scripts for each tick. */
function scripted(id: string, script: (snapshot: HostSnapshot, tick: number) => Finding[]): Rule<{ tick: number }> {
  return {
    id,
    technique: TECHNIQUES.T1071,
    defaultSeverity: 'MEDIUM',
    summary: 'test',
    config: {},
    createState: () => ({ tick: 0 }),
    evaluate(snapshot, state) {
      state.tick++;
      return script(snapshot, state.tick);
    },
  };
}

function finding(key: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return { key, severity, title: `t ${key}`, description: `d ${key}`, evidence: { n: 1 }, ...extra };
}

describe('createEngine', () => {
  it('continues from initial alerts (a restarted core): they are kept, counted and folded into', () => {
    const kept = {
      id: 'r:k',
      ruleId: 'r',
      techniqueId: 'T1071',
      severity: 'HIGH' as const,
      title: 'old',
      description: 'old',
      firstSeen: T0 - 9000,
      lastSeen: T0 - 5000,
      count: 7,
      evidence: {},
    };
    const other = { ...kept, id: 'r:gone', title: 'other', lastSeen: T0 - 8000 };
    const engine = createEngine([scripted('r', () => [finding('k', 'MEDIUM')])], { initialAlerts: [kept, other], maxAlerts: 2 });
    expect(engine.alerts()).toEqual([other, kept]);
    expect(engine.severityCounts().HIGH).toBe(2);
    const [folded] = engine.evaluate(makeSnapshot({ time: T0 }));
    expect(folded).toMatchObject({ id: 'r:k', count: 8, firstSeen: T0 - 9000, lastSeen: T0, severity: 'HIGH' });
  });

  it('folds findings with the same rule and key into one alert', () => {
    const engine = createEngine([
      scripted('r', (_s, tick) =>
        tick === 3
          ? []
          : [
              finding('k', tick === 4 ? 'HIGH' : 'MEDIUM', {
                description: `tick ${tick}`,
                evidence: { tick },
                occurrences: tick === 2 ? 3 : 1,
              }),
            ],
      ),
    ]);
    const first = engine.evaluate(makeSnapshot({ time: T0 }));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ id: 'r:k', ruleId: 'r', techniqueId: 'T1071', count: 1, firstSeen: T0, lastSeen: T0, severity: 'MEDIUM' });

    const second = engine.evaluate(makeSnapshot({ time: T0 + 2000 }));
    expect(second[0]).toMatchObject({ count: 4, firstSeen: T0, lastSeen: T0 + 2000, description: 'tick 2', evidence: { tick: 2 } });

    expect(engine.evaluate(makeSnapshot({ time: T0 + 4000 }))).toEqual([]);

    const fourth = engine.evaluate(makeSnapshot({ time: T0 + 6000 }));
    expect(fourth[0]).toMatchObject({ count: 5, severity: 'HIGH' });
    expect(engine.alerts()).toHaveLength(1);
    expect(engine.severityCounts()).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0 });
  });

  it('never lowers severity', () => {
    const engine = createEngine([scripted('r', (_s, tick) => [finding('k', tick === 1 ? 'CRITICAL' : 'LOW')])]);
    engine.evaluate(makeSnapshot({ time: T0 }));
    const later = engine.evaluate(makeSnapshot({ time: T0 + 1000 }));
    expect(later[0]?.severity).toBe('CRITICAL');
  });

  it('returns one entry per alert even when a rule reports the same key twice in a tick', () => {
    const engine = createEngine([scripted('r', () => [finding('k', 'LOW'), finding('k', 'LOW', { occurrences: 2 })])]);
    const changed = engine.evaluate(makeSnapshot());
    expect(changed).toHaveLength(1);
    expect(changed[0]?.count).toBe(3);
  });

  it('reports a throwing rule in lastErrors and still runs the others', () => {
    const engine = createEngine([
      scripted('boom', () => {
        throw new Error('kaput');
      }),
      scripted('fine', () => [finding('k', 'LOW')]),
      scripted('odd', () => 'nope' as unknown as Finding[]),
      scripted('junk', () => [{ key: 5 } as unknown as Finding]),
    ]);
    const changed = engine.evaluate(makeSnapshot());
    expect(changed.map((a) => a.id)).toEqual(['fine:k']);
    const errors = engine.lastErrors();
    expect(errors.some((e) => e.startsWith('boom: kaput'))).toBe(true);
    expect(errors.some((e) => e.startsWith('odd:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('junk:'))).toBe(true);
    engine.evaluate(makeSnapshot({ time: T0 + 1 }));
    expect(engine.lastErrors()).toHaveLength(3);
  });

  it('builds HOME_NET from the settings and the snapshot interfaces', () => {
    const seen: Record<string, boolean>[] = [];
    const engine = createEngine([scripted('probe', (_s) => [])], { homeNetCidrs: ['100.64.0.0/10', 'bad'] });
    // Reported with the first tick (the session turns lastErrors into that batch's warnings), once.
    engine.evaluate(makeSnapshot({ time: T0 }));
    expect(engine.lastErrors()).toEqual(['HOME_NET: ignored invalid CIDR "bad"']);
    engine.evaluate(makeSnapshot({ time: T0 + 1 }));
    expect(engine.lastErrors()).toEqual([]);
    const probe: Rule<null> = {
      id: 'probe',
      technique: TECHNIQUES.T1071,
      defaultSeverity: 'LOW',
      summary: '',
      config: {},
      createState: () => null,
      evaluate(_s, _st, ctx) {
        seen.push({ cgnat: ctx.homeNet.isInternal('100.64.1.1'), lan: ctx.homeNet.isInternal('203.0.113.7') });
        return [];
      },
    };
    const engine2 = createEngine([probe], { homeNetCidrs: ['100.64.0.0/10'] });
    engine2.evaluate(makeSnapshot());
    engine2.evaluate(makeSnapshot({ localAddresses: [{ iface: 'eth0', address: '203.0.113.2', prefixLength: 24, family: 4 }] }));
    expect(seen).toEqual([
      { cgnat: true, lan: false },
      { cgnat: true, lan: true },
    ]);
    expect(engine.evaluate(makeSnapshot())).toEqual([]);
  });

  it('keeps memory bounded by evicting the least recently seen alerts', () => {
    const engine = createEngine([scripted('r', (_s, tick) => [finding(`k${tick}`, 'LOW'), finding('steady', 'LOW')])], {
      maxAlerts: 10,
      flood: { threshold: Infinity },
    });
    for (let i = 0; i < 50; i++) engine.evaluate(makeSnapshot({ time: T0 + i * 1000 }));
    const ids = engine.alerts().map((a) => a.id);
    expect(ids).toHaveLength(10);
    expect(ids).toContain('r:steady');
    expect(ids).toContain('r:k50');
    expect(ids).not.toContain('r:k1');
  });

  it('evicts the lowest severity first, so a LOW flood never pushes out a CRITICAL alert, and counts what it dropped', () => {
    const engine = createEngine(
      [
        scripted('r', (_s, tick) => [
          ...(tick === 1 ? [finding('shell', 'CRITICAL'), finding('scan', 'HIGH')] : []),
          ...Array.from({ length: 20 }, (_, i) => finding(`t${tick}-${i}`, i % 2 ? 'LOW' : 'MEDIUM')),
        ]),
      ],
      { maxAlerts: 10, flood: { threshold: Infinity } },
    );
    engine.evaluate(makeSnapshot({ time: T0 }));
    expect(engine.droppedCount()).toBe(12);
    engine.evaluate(makeSnapshot({ time: T0 + 1000 }));
    const ids = engine.alerts().map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['r:shell', 'r:scan']));
    expect(engine.severityCounts()).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 8, LOW: 0 });
    expect(engine.droppedCount()).toBe(32);
    // Of tick 2's ids, those evicted within the tick are listed; tick 1's survivors evicted now too.
    expect(engine.lastDroppedIds()).toEqual(expect.arrayContaining(['r:t1-4', 'r:t2-1']));
    expect(engine.lastDroppedIds()).not.toContain('r:t2-18');
  });

  it('among equally severe alerts evicts the least recently seen, HIGH before CRITICAL', () => {
    const engine = createEngine(
      [scripted('r', (_s, tick) => [finding(`c${tick}`, 'CRITICAL'), finding(`h${tick}`, 'HIGH'), ...(tick > 1 ? [finding('c1', 'CRITICAL')] : [])])],
      { maxAlerts: 3, flood: { threshold: Infinity } },
    );
    for (let t = 0; t < 3; t++) engine.evaluate(makeSnapshot({ time: T0 + t * 1000 }));
    expect(
      engine
        .alerts()
        .map((a) => a.id)
        .sort(),
    ).toEqual(['r:c1', 'r:c2', 'r:c3']);
  });

  it('folds a flood of new keys from one process into one summary alert with a count and samples', () => {
    const process = { pid: 77, name: 'spray' };
    const engine = createEngine([scripted('r', (_s, tick) => Array.from({ length: 100 }, (_, i) => finding(`${tick}:${i}`, 'MEDIUM', { process })))], {
      flood: { threshold: 30, windowMs: 60_000 },
    });
    engine.evaluate(makeSnapshot({ time: T0 }));
    engine.evaluate(makeSnapshot({ time: T0 + 2000 }));
    const summary = engine.alerts().find((a) => a.id === 'r:flood|77');
    expect(engine.alerts()).toHaveLength(31);
    expect(summary).toMatchObject({ count: 170, severity: 'MEDIUM', process, evidence: { foldedKeys: 170, threshold: 30, windowSec: 60 } });
    expect(summary?.evidence.sampleKeys).toEqual(['1:30', '1:31', '1:32', '1:33', '1:34', '1:35', '1:36', '1:37', '1:38', '1:39']);
    expect(engine.droppedCount()).toBe(170);
    // A new window: the next keys are kept on their own again, up to the threshold.
    engine.evaluate(makeSnapshot({ time: T0 + 61_000 }));
    expect(engine.alerts()).toHaveLength(61);
  });

  it('hands out copies, so callers cannot corrupt folded alerts', () => {
    const engine = createEngine([scripted('r', () => [finding('k', 'LOW')])]);
    const [alert] = engine.evaluate(makeSnapshot());
    if (alert) alert.count = 999;
    expect(engine.alerts()[0]?.count).toBe(1);
  });

  it('survives odd snapshots with the real rules', () => {
    const engine = createEngine(defaultRules());
    const odd = {
      ...makeSnapshot(),
      connections: [tcp('10.0.0.1:1', '10.0.0.2:2', { remoteAddress: 'garbage' })],
      arp: [{ ip: 'x', mac: '', iface: '', state: 'FAILED' as const }],
    };
    expect(() => engine.evaluate(odd)).not.toThrow();
    expect(() => engine.evaluate({ time: T0 + 1 } as unknown as HostSnapshot)).not.toThrow();
    expect(engine.lastErrors().length).toBeGreaterThan(0);
  });
});

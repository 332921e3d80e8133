import { describe, expect, it } from 'vitest';
import type { Alert, TickBatch } from '../../src-shared/model';
import batches from '../../test-fixtures/tick-batches.json' with { type: 'json' };
import { SessionMirror } from './session-mirror';

// Real batches captured on this machine (e2e/support/capture-batches.mjs), a T1571 alert in the first.
const real = (batches as unknown as { batches: TickBatch[] }).batches;

function alert(id: string, lastSeen: number): Alert {
  return { id, ruleId: 'r', techniqueId: 'T1571', severity: 'HIGH', title: id, description: '', firstSeen: lastSeen, lastSeen, count: 1, evidence: {} };
}

function batch(startedAt: number, seq: number, changedAlerts: Alert[]): TickBatch {
  return { ...(real[0] as TickBatch), startedAt, seq, changedAlerts };
}

describe('SessionMirror', () => {
  it('carries the drop count into the seed and knows how many alerts the core held back from its latest batch', () => {
    const mirror = new SessionMirror();
    const held = {
      ...batch(5, 1, [alert('a', 1)]),
      alertsDropped: 12,
      truncated: { budgetBytes: 1, heldBack: { alerts: 4, connections: 0, listening: 0, arp: 0 } },
    };
    mirror.applyBatch(held);
    expect(mirror.seed()?.alertsDropped).toBe(12);
    expect(mirror.alertsHeldBack()).toBe(4);
    mirror.applyBatch({ ...batch(5, 2, []), alertsDropped: 12 });
    expect(mirror.alertsHeldBack()).toBe(0);
  });

  it('has no seed before a session', () => {
    expect(new SessionMirror().seed()).toBeUndefined();
  });

  it('keeps every alert of the real batches, the newest version of each, and the last tick', () => {
    const mirror = new SessionMirror();
    mirror.applyStatus({ state: 'running', hostname: 'h', startedAt: real[0]?.startedAt ?? 0 });
    for (const b of real) mirror.applyBatch(b);
    const latest = new Map<string, Alert>();
    for (const b of real) for (const a of b.changedAlerts) latest.set(a.id, a);
    const seed = mirror.seed();
    expect(latest.size).toBeGreaterThan(0);
    expect(seed?.alerts.map((a) => a.id).sort()).toEqual([...latest.keys()].sort());
    for (const a of seed?.alerts ?? []) expect(a).toEqual(latest.get(a.id));
    expect(seed).toMatchObject({ startedAt: real[0]?.startedAt, seq: real.at(-1)?.seq });
    expect(seed?.endedAt).toBeUndefined();
  });

  it('starts over with a new session, and a stopping or stopped session seeds as stopped', () => {
    const mirror = new SessionMirror();
    mirror.applyBatch(batch(100, 5, [alert('a', 1)]));
    mirror.applyStatus({ state: 'running', hostname: 'h', startedAt: 200 });
    expect(mirror.seed()).toEqual({ startedAt: 200, seq: 0, alerts: [], alertsDropped: 0 });
    mirror.applyBatch(batch(200, 1, [alert('b', 2)]));
    mirror.applyStatus({ state: 'stopping', hostname: 'h', startedAt: 200 });
    expect(mirror.seed(999)).toMatchObject({ endedAt: 999, seq: 1 });
    mirror.applyStatus({ state: 'stopped', hostname: 'h', startedAt: 200, endedAt: 300 });
    expect(mirror.seed(999)).toMatchObject({ endedAt: 300, alerts: [alert('b', 2)] });
  });

  it('is bounded like the engine: the least recently changed alert goes first', () => {
    const mirror = new SessionMirror(2);
    mirror.applyBatch(batch(1, 1, [alert('a', 1), alert('b', 2)]));
    mirror.applyBatch(batch(1, 2, [alert('a', 3), alert('c', 4)]));
    expect(mirror.seed()?.alerts.map((a) => a.id)).toEqual(['a', 'c']);
  });

  it('evicts the lowest severity first, so a flood of newer LOW alerts keeps an older CRITICAL one', () => {
    const mirror = new SessionMirror(3);
    mirror.applyBatch(batch(1, 1, [{ ...alert('shell', 0), severity: 'CRITICAL' }]));
    mirror.applyBatch(
      batch(
        1,
        2,
        Array.from({ length: 10 }, (_, i) => ({ ...alert(`flood-${i}`, 10 + i), severity: 'LOW' as const })),
      ),
    );
    expect(mirror.seed()?.alerts.map((a) => a.id)).toEqual(['shell', 'flood-8', 'flood-9']);
  });

  it('drops the alerts the batch names as dropped by the engine', () => {
    const mirror = new SessionMirror();
    mirror.applyBatch(batch(1, 1, [alert('a', 1), alert('b', 2)]));
    mirror.applyBatch({ ...batch(1, 2, []), droppedAlertIds: ['a'] });
    expect(mirror.seed()?.alerts.map((a) => a.id)).toEqual(['b']);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_ALERTS, pickEvictions } from '../../src-shared/alert-bounds';
import type { Alert, Severity } from '../../src-shared/model';
import { AlertStore } from './alert-store';

const SEVERITIES: Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

function alert(id: string, severity: Severity, lastSeen: number, status: Alert['status'] = 'active'): Alert {
  return {
    id,
    ruleId: 'r',
    techniqueId: 'T1571',
    severity,
    title: id,
    description: '',
    firstSeen: lastSeen,
    lastSeen,
    count: 1,
    evidence: {},
    status,
  };
}

/** A deterministic pseudo-random sequence (the same run every time). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('AlertStore', () => {
  it('evicts exactly what the shared order (pickEvictions, used by the dashboard and the mirror) picks, step by step', () => {
    const random = lcg(7);
    const store = new AlertStore(50);
    const reference = new Map<string, Alert>();
    let time = 1_000;
    for (let step = 0; step < 3_000; step++) {
      if (random() < 0.3) time += 1_000; // many alerts share a tick: ties are broken by id
      const id = `a${Math.floor(random() * 400)}`;
      const severity = SEVERITIES[Math.floor(random() * (random() < 0.9 ? 2 : 4))] as Severity;
      const previous = reference.get(id);
      // Mostly new sightings; sometimes a status change of a held alert, which keeps its lastSeen.
      const next = previous && random() < 0.1 ? { ...previous, status: 'suppressed' as const } : alert(id, severity, time);
      reference.set(id, next);
      const expected = pickEvictions(reference.values(), 50);
      for (const gone of expected) reference.delete(gone);
      expect(store.set(next), `step ${step}`).toEqual(expected);
    }
    expect(new Set(store.keys())).toEqual(new Set(reference.keys()));
  });

  it('keeps a CRITICAL alert through a flood of newer LOW alerts at the default cap', () => {
    const store = new AlertStore();
    store.set(alert('shell', 'CRITICAL', 0));
    let evicted = 0;
    for (let i = 0; i < MAX_ALERTS + 500; i++) evicted += store.set(alert(`flood-${i}`, 'LOW', 1 + Math.floor(i / 500))).length;
    expect(store.get('shell')?.severity).toBe('CRITICAL');
    expect(store.size).toBe(MAX_ALERTS);
    expect(evicted).toBe(501);
  });

  it('places an alert whose severity changed without a new sighting by its lastSeen', () => {
    const store = new AlertStore(3);
    store.set(alert('old', 'LOW', 1));
    store.set(alert('new', 'LOW', 5));
    store.set(alert('escalated', 'HIGH', 3));
    expect(store.set(alert('escalated', 'LOW', 3))).toEqual([]);
    expect(store.set(alert('newest', 'LOW', 9))).toEqual(['old']);
    expect(store.set(alert('newer', 'LOW', 10))).toEqual(['escalated']);
  });
});

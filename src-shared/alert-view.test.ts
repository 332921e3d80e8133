import { describe, expect, it } from 'vitest';
import type { Alert } from './model';
import { alertsByTactic, alertsByTechnique, alertsNewestFirst, severityEntries } from './alert-view';

function alert(id: string, techniqueId: string, lastSeen: number): Alert {
  return {
    id,
    ruleId: id.split(':')[0] ?? id,
    techniqueId,
    severity: 'HIGH',
    title: id,
    description: '',
    firstSeen: 0,
    lastSeen,
    count: 1,
    evidence: {},
  };
}

const alerts = {
  a: alert('a', 'T1571', 3000),
  b: alert('b', 'T1557.002', 5000),
  c: alert('c', 'T1071.004', 1000),
  d: alert('d', 'T9999', 5000),
};

describe('alertsNewestFirst', () => {
  it('orders by last seen, newest first, ties by id', () => {
    expect(alertsNewestFirst(alerts).map((a) => a.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});

describe('alertsByTactic', () => {
  it('counts every tactic of a technique and files unknown techniques under Unknown', () => {
    expect(alertsByTactic(alerts)).toEqual([
      { name: 'Command and Control', count: 2 },
      { name: 'Collection', count: 1 },
      { name: 'Credential Access', count: 1 },
      { name: 'Unknown', count: 1 },
    ]);
  });
});

describe('alertsByTechnique', () => {
  it('counts per technique id', () => {
    expect(alertsByTechnique({ ...alerts, e: alert('e', 'T1571', 1) })[0]).toEqual({ name: 'T1571', count: 2 });
  });
});

describe('severityEntries', () => {
  it('lists the most severe first', () => {
    expect(severityEntries({ CRITICAL: 1, HIGH: 2, MEDIUM: 3, LOW: 4 }).map((e) => e.name)).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_ALERTS, evictionOrder, pickEvictions } from './alert-bounds';
import type { Severity } from './model';

const alert = (id: string, severity: Severity, lastSeen: number) => ({ id, severity, lastSeen });

describe('pickEvictions', () => {
  it('takes the lowest severity first, least recently seen within it', () => {
    const alerts = [
      alert('crit-old', 'CRITICAL', 1),
      alert('low-new', 'LOW', 50),
      alert('low-old', 'LOW', 10),
      alert('med-old', 'MEDIUM', 2),
      alert('high', 'HIGH', 3),
    ];
    expect(pickEvictions(alerts, 2)).toEqual(['low-old', 'low-new', 'med-old']);
  });

  it('keeps a CRITICAL alert however old when a flood of newer LOW alerts passes the cap', () => {
    const flood = Array.from({ length: MAX_ALERTS }, (_, i) => alert(`flood-${i}`, 'LOW', 1000 + i));
    const dropped = pickEvictions([alert('shell', 'CRITICAL', 0), ...flood]);
    expect(dropped).toHaveLength(1);
    expect(dropped).toEqual(['flood-0']);
  });

  it('evicts nothing at or under the cap', () => {
    expect(pickEvictions([alert('a', 'LOW', 1)], 1)).toEqual([]);
  });

  it('orders ties by id so every caller picks the same alerts', () => {
    expect([alert('b', 'LOW', 1), alert('a', 'LOW', 1)].sort(evictionOrder).map((a) => a.id)).toEqual(['a', 'b']);
  });
});

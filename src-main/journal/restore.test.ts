// What a restarted core continues with: the journal's alerts and main's, the later state of each.
import { describe, expect, it } from 'vitest';
import { MAX_ALERTS } from '../../src-shared/alert-bounds';
import type { Alert } from '../../src-shared/model';
import { mergeAlerts } from './restore';

const alert = (id: string, lastSeen: number, count: number, severity: Alert['severity'] = 'LOW'): Alert => ({
  id,
  ruleId: 'r',
  techniqueId: 'T1571',
  severity,
  title: id,
  description: '',
  firstSeen: 0,
  lastSeen,
  count,
  evidence: {},
});

describe('mergeAlerts', () => {
  it('keeps every id once, the later state by last seen, then by count', () => {
    const journal = [alert('a', 10, 1), alert('b', 20, 5), alert('c', 30, 2)];
    const mirror = [alert('a', 15, 2), alert('b', 20, 4), alert('d', 5, 1)];
    expect(mergeAlerts(journal, mirror).map((x) => [x.id, x.lastSeen, x.count])).toEqual([
      ['a', 15, 2],
      ['b', 20, 5],
      ['c', 30, 2],
      ['d', 5, 1],
    ]);
  });

  it('stays within MAX_ALERTS, evicting the lowest severity first', () => {
    const many = Array.from({ length: MAX_ALERTS }, (_, i) => alert(`low${i}`, i, 1));
    const merged = mergeAlerts(many, [alert('critical', 0, 1, 'CRITICAL')]);
    expect(merged).toHaveLength(MAX_ALERTS);
    expect(merged.map((x) => x.id)).toContain('critical');
    expect(merged.map((x) => x.id)).not.toContain('low0');
  });
});

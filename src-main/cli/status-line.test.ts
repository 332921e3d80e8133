import { describe, expect, it } from 'vitest';
import type { TickBatch } from '../../src-shared/model';
import { formatStatusLine } from './status-line';

describe('formatStatusLine', () => {
  it('shows elapsed time, connections, listeners, alerts by severity and the tick cost', () => {
    const batch = {
      seq: 42,
      time: 0,
      startedAt: 0,
      elapsedMs: 3_723_900,
      state: 'running',
      totals: { connections: 1234, listening: 7, arp: 2 },
      changedAlerts: [],
      severityCounts: { CRITICAL: 1, HIGH: 2, MEDIUM: 3, LOW: 4 },
      collectMs: 9,
      detectMs: 2,
      warnings: [],
    } as unknown as TickBatch;
    expect(formatStatusLine(batch)).toBe('[01:02:03] 1234 connections, 7 listening | alerts CRITICAL 1 HIGH 2 MEDIUM 3 LOW 4 | tick 11 ms');
  });
});

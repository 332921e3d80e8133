import { describe, expect, it } from 'vitest';
import { counterDeltas } from './counter-deltas';

describe('counterDeltas', () => {
  it('gives the increase per interval and treats a counter reset as zero', () => {
    const points = [
      { time: 1, n: 5 },
      { time: 2, n: 8 },
      { time: 3, n: 8 },
      { time: 4, n: 2 },
    ];
    expect(counterDeltas(points, (p) => p.n)).toEqual([
      { time: 2, value: 3 },
      { time: 3, value: 0 },
      { time: 4, value: 0 },
    ]);
  });

  it('is empty with fewer than two points', () => {
    expect(counterDeltas([{ time: 1 }], () => 1)).toEqual([]);
  });
});

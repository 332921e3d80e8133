import { describe, expect, it } from 'vitest';
import { summarize } from './stats';

describe('summarize', () => {
  it('reports count, median, p95, mean, min and max', () => {
    expect(summarize([2, 4, 6, 8])).toEqual({ n: 4, median: 5, p95: 8, mean: 5, min: 2, max: 8 });
  });
  it("does not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats';

describe('median', () => {
  it('takes the middle of an odd count regardless of order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('is NaN for no samples', () => {
    expect(median([])).toBeNaN();
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
  it('uses the nearest rank', () => {
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 100)).toBe(100);
  });
  it('is the single sample when there is one', () => {
    expect(percentile([7], 95)).toBe(7);
  });
  it('picks the top sample of a small set for p95', () => {
    expect(percentile([1, 2, 3, 4, 10], 95)).toBe(10);
  });
});

describe('summarize', () => {
  it('reports count, median, p95, mean, min and max', () => {
    expect(summarize([2, 4, 6, 8])).toEqual({ n: 4, median: 5, p95: 8, mean: 5, min: 2, max: 8 });
  });
  it('does not reorder the caller\'s array', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

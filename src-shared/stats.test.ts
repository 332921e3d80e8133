import { describe, expect, it } from 'vitest';
import { bowleySkew, clamp01, median, medianAbsoluteDeviation, percentile, quantile } from './stats';

describe('stats', () => {
  it('computes interpolated quantiles and medians', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantile([1, 2], 0.75)).toBe(1.75);
    expect(median([])).toBeNaN();
  });
  it('computes the median absolute deviation', () => {
    expect(medianAbsoluteDeviation([10, 10, 10, 10])).toBe(0);
    expect(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9])).toBe(1);
  });
  it('measures Bowley skew in [-1, 1], zero when symmetric or degenerate', () => {
    expect(bowleySkew([1, 2, 3, 4, 5])).toBe(0);
    expect(bowleySkew([1, 2, 3, 10, 100])).toBeGreaterThan(0);
    expect(bowleySkew([-100, -10, -3, -2, -1])).toBeLessThan(0);
    expect(bowleySkew([5, 5, 5, 5])).toBe(0);
    expect(Math.abs(bowleySkew([1, 1, 1, 2, 50, 60, 70, 80]))).toBeLessThanOrEqual(1);
  });
  it('clamps, mapping NaN to 0', () => {
    expect(clamp01(1.5)).toBe(1);
    expect(clamp01(-1)).toBe(0);
    expect(clamp01(NaN)).toBe(0);
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

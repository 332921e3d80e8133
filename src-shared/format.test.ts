import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatPercent, formatRate } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1536, '1.5 kB'],
    [123_456_789, '123 MB'],
    [5e12, '5.0 TB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('shows a dash when unknown', () => {
    expect(formatBytes(undefined)).toBe('—');
    expect(formatRate(undefined)).toBe('—');
    expect(formatRate(2500)).toBe('2.5 kB/s');
  });
});

describe('formatDuration', () => {
  it('pads hours, minutes and seconds', () => {
    expect(formatDuration(3_723_000)).toBe('01:02:03');
    expect(formatDuration(59_999)).toBe('00:00:59');
    expect(formatDuration(-5)).toBe('00:00:00');
    expect(formatDuration(undefined)).toBe('00:00:00');
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });
});

describe('formatPercent', () => {
  it('keeps one decimal', () => {
    expect(formatPercent(12.345)).toBe('12.3 %');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

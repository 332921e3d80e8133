import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from './glyphs';
import { sparkline } from './sparkline';

describe('sparkline', () => {
  it('scales to the largest value by default', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8, UNICODE_GLYPHS)).toBe('▁▂▃▄▅▆▇█');
  });

  it('scales to a fixed ceiling such as 100 %', () => {
    expect(sparkline([0, 50, 100], 3, UNICODE_GLYPHS, 100)).toBe('▁▅█');
  });

  it('keeps only the newest samples that fit', () => {
    expect(sparkline([7, 0, 7], 2, ASCII_GLYPHS)).toBe('_#');
  });

  it('draws flat, empty and broken series at the lowest level', () => {
    expect(sparkline([0, 0], 2, ASCII_GLYPHS)).toBe('__');
    expect(sparkline([Number.NaN, -3], 2, ASCII_GLYPHS)).toBe('__');
    expect(sparkline([], 5, ASCII_GLYPHS)).toBe('');
  });
});

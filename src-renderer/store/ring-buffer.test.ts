import { describe, expect, it } from 'vitest';
import { appendBounded } from './ring-buffer';

describe('appendBounded', () => {
  it('appends while under capacity', () => {
    expect(appendBounded([1, 2], 3, 5)).toEqual([1, 2, 3]);
  });

  it('drops the oldest items once full', () => {
    let items: number[] = [];
    for (let i = 0; i < 10; i += 1) items = appendBounded(items, i, 4);
    expect(items).toEqual([6, 7, 8, 9]);
  });

  it('never mutates its input', () => {
    const items = [1, 2, 3];
    appendBounded(items, 4, 3);
    expect(items).toEqual([1, 2, 3]);
  });

  it('keeps nothing with a capacity of zero', () => {
    expect(appendBounded([1], 2, 0)).toEqual([]);
  });
});

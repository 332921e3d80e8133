import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.length).toBe(3);
    expect(ring.last()).toBe(5);
  });

  it('is empty at first and rejects a zero capacity', () => {
    expect(new RingBuffer<number>(2).toArray()).toEqual([]);
    expect(new RingBuffer<number>(2).last()).toBeUndefined();
    expect(() => new RingBuffer<number>(0)).toThrow(RangeError);
  });
});

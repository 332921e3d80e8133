import { describe, expect, it } from 'vitest';
import { getOrAddBounded, setBounded } from './bounded-map';

describe('bounded maps', () => {
  it('evicts the oldest-inserted key when a new key arrives at the cap, never for a known key', () => {
    const map = new Map<string, number>();
    for (const [i, key] of ['a', 'b', 'c'].entries()) setBounded(map, key, i, 3);
    setBounded(map, 'b', 10, 3);
    expect([...map]).toEqual([['a', 0], ['b', 10], ['c', 2]]);
    setBounded(map, 'd', 3, 3);
    expect([...map.keys()]).toEqual(['b', 'c', 'd']);
  });

  it('stays at the cap under a flood of fresh keys', () => {
    const map = new Map<number, number>();
    for (let i = 0; i < 10_000; i += 1) setBounded(map, i, i, 100);
    expect(map.size).toBe(100);
    expect(map.keys().next().value).toBe(9_900);
  });

  it('creates a missing value once and returns the known one after', () => {
    const map = new Map<string, { n: number }>([['old', { n: 0 }]]);
    let made = 0;
    const make = (): { n: number } => ({ n: (made += 1) });
    const first = getOrAddBounded(map, 'x', 1, make);
    expect(getOrAddBounded(map, 'x', 1, make)).toBe(first);
    expect(made).toBe(1);
    expect([...map.keys()]).toEqual(['x']);
  });
});

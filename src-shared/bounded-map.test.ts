import { describe, expect, it } from 'vitest';
import { BoundedMap, getOrAddBounded, rememberBounded, setBounded } from './bounded-map';

describe('bounded maps', () => {
  it('starts a cache over at its cap, but not to update a key it holds', () => {
    const cache = new Map<number, number>();
    for (let i = 0; i < 3; i++) rememberBounded(cache, i, i, 3);
    rememberBounded(cache, 2, 20, 3);
    expect([...cache]).toEqual([
      [0, 0],
      [1, 1],
      [2, 20],
    ]);
    rememberBounded(cache, 9, 9, 3);
    expect([...cache]).toEqual([[9, 9]]);
  });

  it('evicts the oldest-inserted key when a new key arrives at the cap, never for a known key', () => {
    const map = new Map<string, number>();
    for (const [i, key] of ['a', 'b', 'c'].entries()) setBounded(map, key, i, 3);
    setBounded(map, 'b', 10, 3);
    expect([...map]).toEqual([
      ['a', 0],
      ['b', 10],
      ['c', 2],
    ]);
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

  it('BoundedMap evicts as setBounded does, telling onEvict, and bump makes a key the newest', () => {
    const evicted: string[] = [];
    const map = new BoundedMap<string, number>(3, (key) => evicted.push(key));
    for (const [i, key] of ['a', 'b', 'c'].entries()) map.set(key, i);
    map.set('b', 10);
    expect([...map]).toEqual([
      ['a', 0],
      ['b', 10],
      ['c', 2],
    ]);
    map.set('d', 3);
    expect([...map.keys()]).toEqual(['b', 'c', 'd']);
    expect(map.bump('b')).toBe(true);
    map.set('e', 4);
    expect([...map.keys()]).toEqual(['d', 'b', 'e']);
    expect(evicted).toEqual(['a', 'c']);
    expect(map.getOrAdd('b', () => 99)).toBe(10);
    expect(map.delete('b')).toBe(true);
    expect([...map.values()]).toEqual([3, 4]);
    expect(map.firstKey()).toBe('d');
  });

  it('BoundedMap iteration may delete the entry it is at', () => {
    const map = new BoundedMap<number, number>(100);
    for (let i = 0; i < 10; i += 1) map.set(i, i);
    for (const [key] of map) if (key % 2 === 0) map.delete(key);
    expect([...map.keys()]).toEqual([1, 3, 5, 7, 9]);
    map.clear();
    expect(map.size).toBe(0);
    expect([...map]).toEqual([]);
  });

  it('BoundedMap stays at the cap under a flood of fresh keys, oldest first', () => {
    const map = new BoundedMap<number, number>(20_000);
    for (let i = 0; i < 200_000; i += 1) map.set(i, i);
    expect(map.size).toBe(20_000);
    expect(map.firstKey()).toBe(180_000);
  });
});

import { describe, expect, it } from 'vitest';
import { RankedRows, selectTop } from './ranked-rows';

/** A deterministic pseudo-random sequence (a 32-bit LCG), so a failure reproduces. */
function values(n: number, seed: number, range: number): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(x % range);
  }
  return out;
}

describe('selectTop', () => {
  it('gives the first k of a full stable sort, for heaps and for full sorts, with many ties', () => {
    for (const [n, k] of [
      [1000, 10],
      [1000, 999],
      [5000, 37],
      [10, 0],
      [0, 5],
      [7, 50],
    ] as const) {
      const v = values(n, n + k, 20);
      const order = (a: number, b: number): number => (v[b] as number) - (v[a] as number) || a - b;
      const expected = [...Array(n).keys()].sort(order).slice(0, k);
      expect([...selectTop(n, k, order)]).toEqual(expected);
    }
  });
});

describe('RankedRows', () => {
  it('builds only the rows a slice reaches, and each row once', () => {
    const items = values(10_000, 7, 1000);
    let made = 0;
    const rows = new RankedRows(
      items,
      (a, b) => (items[b] as number) - (items[a] as number) || a - b,
      (item) => ({ item, n: ++made }),
    );
    const page = rows.slice(0, 30);
    expect(page.map((row) => row.item)).toEqual([...items].sort((a, b) => b - a).slice(0, 30));
    expect(made).toBe(30);
    expect(rows.slice(10, 40)[0]).toBe(page[10]);
    expect(made).toBe(40);
    expect(rows.length).toBe(10_000);
    expect(rows.filter((row) => row.item === 999).every((row) => row.item === 999)).toBe(true);
  });
});

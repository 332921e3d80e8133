import { describe, expect, it } from 'vitest';
import { memoByList } from './list-memo';

describe('memoByList', () => {
  it('derives once per list object, again for another list with the same items', () => {
    let calls = 0;
    const evens = memoByList((list: readonly number[]) => {
      calls++;
      return list.filter((n) => n % 2 === 0);
    });
    const list = [1, 2, 3, 4];
    expect(evens(list)).toEqual([2, 4]);
    expect(evens(list)).toBe(evens(list));
    expect(calls).toBe(1);
    expect(evens([...list])).toEqual([2, 4]);
    expect(calls).toBe(2);
  });
});

import { expect, it } from 'vitest';
import { Listeners } from './listeners';

it('calls each subscriber until it unsubscribes, and reports a throwing one without skipping the rest', () => {
  const listeners = new Listeners<number>();
  const seen: string[] = [];
  const offA = listeners.add((n) => seen.push(`a${n}`));
  listeners.add((n) => {
    if (n === 2) throw new Error('consumer bug');
    seen.push(`b${n}`);
  });
  listeners.add((n) => seen.push(`c${n}`));
  listeners.emit(1);
  const errors: unknown[] = [];
  listeners.emit(2, (error) => errors.push(error));
  offA();
  listeners.emit(3);
  expect(seen).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'b3', 'c3']);
  expect(errors).toHaveLength(1);
  expect(() => listeners.emit(2)).toThrow('consumer bug');
});

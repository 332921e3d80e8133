/** Returns a new array with `item` appended, keeping at most `capacity` newest items. */
export function appendBounded<T>(items: readonly T[], item: T, capacity: number): T[] {
  if (capacity <= 0) return [];
  const keep = Math.min(items.length, capacity - 1);
  const next = items.slice(items.length - keep);
  next.push(item);
  return next;
}

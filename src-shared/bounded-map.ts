// Maps fed by host data (attacker-chosen keys) must stay bounded: at the cap, a new key evicts the
// oldest-inserted one (Map iterates in insertion order), so a flood of fresh keys cannot grow them.

/** Sets key → value; a new key at `max` entries first evicts the oldest. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (!map.has(key)) {
    while (map.size >= max && map.size > 0) map.delete(map.keys().next().value as K);
  }
  map.set(key, value);
}

/** The value under key, created by `make()` (and added as by setBounded) when missing. */
export function getOrAddBounded<K, V>(map: Map<K, V>, key: K, max: number, make: () => V): V {
  const known = map.get(key);
  if (known !== undefined) return known;
  const created = make();
  setBounded(map, key, created, max);
  return created;
}

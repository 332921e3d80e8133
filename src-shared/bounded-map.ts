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

/**
 * Remembers a computed answer in a cache: a cache at `max` entries starts over, which is cheaper
 * than evicting one entry at a time (a cache may forget anything; the answer is computed again).
 */
export function rememberBounded<K, V>(cache: Map<K, V>, key: K, value: V, max: number): void {
  if (cache.size >= max && !cache.has(key)) cache.clear();
  cache.set(key, value);
}

interface Entry<K, V> {
  key: K;
  value: V;
  older: Entry<K, V> | undefined;
  newer: Entry<K, V> | undefined;
  gone: boolean;
}

/**
 * A map bounded as setBounded bounds a Map (a new key at `max` entries evicts the oldest), for maps
 * that turn over every tick: finding a plain Map's oldest key walks, in V8, over every entry deleted
 * since its table was last rebuilt (thousands per eviction under steady churn), while this one
 * keeps its entries in a list, oldest first. `bump` makes a key the newest (least recently used
 * first); iteration goes oldest first and may delete the entry it is at (no other change while iterating).
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  private oldest: Entry<K, V> | undefined;
  private newest: Entry<K, V> | undefined;

  /** `onEvict` is told of each entry the cap pushes out (not of deletes). */
  constructor(
    readonly max: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Sets key → value; a known key keeps its place, a new one at the cap first evicts the oldest. */
  set(key: K, value: V): this {
    const known = this.entries.get(key);
    if (known) {
      known.value = value;
      return this;
    }
    while (this.entries.size >= this.max && this.oldest) this.evict(this.oldest);
    const entry: Entry<K, V> = { key, value, older: this.newest, newer: undefined, gone: false };
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
    this.entries.set(key, entry);
    return this;
  }

  /** The value under key, created by `make()` (and added as by set) when missing. */
  getOrAdd(key: K, make: () => V): V {
    const known = this.entries.get(key);
    if (known) return known.value;
    const value = make();
    this.set(key, value);
    return value;
  }

  /** Makes a known key the newest; false when unknown. */
  bump(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry === this.newest) return true;
    this.unlink(entry);
    entry.gone = false;
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
    return true;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.unlink(entry);
    return true;
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.gone = true;
    this.entries.clear();
    this.oldest = undefined;
    this.newest = undefined;
  }

  /** The oldest key, or undefined when empty. */
  firstKey(): K | undefined {
    return this.oldest?.key;
  }

  *entriesOldestFirst(): Generator<[K, V]> {
    let entry = this.oldest;
    while (entry) {
      if (!entry.gone) yield [entry.key, entry.value];
      // A deleted entry keeps its `newer` link, so deleting the entry being visited is safe.
      entry = entry.newer;
      while (entry?.gone) entry = entry.newer;
    }
  }

  [Symbol.iterator](): Generator<[K, V]> {
    return this.entriesOldestFirst();
  }

  *keys(): Generator<K> {
    for (const [key] of this.entriesOldestFirst()) yield key;
  }

  *values(): Generator<V> {
    for (const [, value] of this.entriesOldestFirst()) yield value;
  }

  private evict(entry: Entry<K, V>): void {
    this.entries.delete(entry.key);
    this.unlink(entry);
    this.onEvict?.(entry.key, entry.value);
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.gone = true;
  }
}

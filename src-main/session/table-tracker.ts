// What receivers hold of one table (the rows sent so far), and what differs from the host's table now.

/** Equal by value down to `depth` levels of nested objects (rows hold one nested process reference). */
export function sameRow(a: unknown, b: unknown, depth = 2): boolean {
  if (a === b) return true;
  if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => sameRow(left[key], right[key], depth - 1));
}

export interface TablePending<T> {
  /** New or changed rows, by id, in the host's order. */
  changed: [string, T][];
  /** Ids receivers hold that the host no longer has. */
  removed: string[];
}

/**
 * The baseline is what was sent, not what was seen: a change held back by the batch budget stays
 * a difference and goes out with a later batch, so receivers converge without a resend of everything.
 */
export class TableTracker<T> {
  private sent = new Map<string, T>();

  constructor(private readonly idOf: (row: T) => string) {}

  /** Differences between the rows receivers hold and `rows` (already in the form sent). */
  diff(rows: readonly T[]): TablePending<T> {
    const current = new Map<string, T>();
    for (const row of rows) current.set(this.idOf(row), row);
    const changed: [string, T][] = [];
    for (const [id, row] of current) {
      const previous = this.sent.get(id);
      if (previous === undefined || !sameRow(previous, row)) changed.push([id, row]);
    }
    const removed: string[] = [];
    for (const id of this.sent.keys()) if (!current.has(id)) removed.push(id);
    return { changed, removed };
  }

  /** Records what a batch carried. */
  commit(changed: readonly [string, T][], removed: readonly string[]): void {
    for (const id of removed) this.sent.delete(id);
    for (const [id, row] of changed) this.sent.set(id, row);
  }

  /** Rows receivers hold. */
  get size(): number {
    return this.sent.size;
  }

  rows(): T[] {
    return [...this.sent.values()];
  }

  reset(): void {
    this.sent = new Map();
  }
}

// A list panel's rows in rank order, built only as far as a screen reads them: at 10,000 sockets
// a frame shows about thirty, so ranking selects the best few (a bounded heap) instead of sorting
// every row, and only the rows asked for are made.

/** What a table needs of its rows: plain arrays qualify. */
export interface RowList<Row> {
  readonly length: number;
  slice(start?: number, end?: number): readonly Row[];
  filter(predicate: (row: Row) => boolean): readonly Row[];
}

/** Compares two item indices: negative when the first ranks higher. Must be a total order (break ties by index). */
export type IndexOrder = (a: number, b: number) => number;

/** Below this share of all items a bounded heap beats sorting them all. */
const HEAP_SHARE = 4;

function siftDown(heap: Int32Array, size: number, at: number, order: IndexOrder): void {
  // A max-heap on rank: the root is the kept item that ranks lowest.
  for (let parent = at; ;) {
    const left = 2 * parent + 1;
    if (left >= size) return;
    const right = left + 1;
    const child = right < size && order(heap[right]!, heap[left]!) > 0 ? right : left;
    if (order(heap[child]!, heap[parent]!) <= 0) return;
    [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
    parent = child;
  }
}

function siftUp(heap: Int32Array, at: number, order: IndexOrder): void {
  for (let child = at; child > 0;) {
    const parent = (child - 1) >> 1;
    if (order(heap[child]!, heap[parent]!) <= 0) return;
    [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
    child = parent;
  }
}

/** The indices of the `k` highest-ranked of `n` items, best first: O(n log k), no per-item allocation. */
export function selectTop(n: number, k: number, order: IndexOrder): Int32Array {
  const keep = Math.max(0, Math.min(k, n));
  if (keep * HEAP_SHARE >= n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all.sort(order).subarray(0, keep);
  }
  const heap = new Int32Array(keep);
  let size = 0;
  for (let i = 0; i < n; i++) {
    if (size < keep) {
      heap[size] = i;
      siftUp(heap, size++, order);
    } else if (keep > 0 && order(i, heap[0]!) < 0) {
      heap[0] = i;
      siftDown(heap, size, 0, order);
    }
  }
  return heap.sort(order);
}

/** Items in rank order as rows; a row is built (by `makeRow`) the first time a slice reaches it. */
export class RankedRows<Item, Row> implements RowList<Row> {
  private order: Int32Array = new Int32Array(0);
  private readonly built = new Map<number, Row>();

  constructor(
    private readonly items: readonly Item[],
    private readonly rank: IndexOrder,
    private readonly makeRow: (item: Item, index: number) => Row,
  ) {}

  get length(): number {
    return this.items.length;
  }

  slice(start = 0, end = this.items.length): Row[] {
    const from = Math.max(0, start);
    const to = Math.min(Math.max(0, end), this.items.length);
    if (from >= to) return [];
    if (this.order.length < to) this.order = selectTop(this.items.length, to, this.rank);
    const rows: Row[] = [];
    for (let k = from; k < to; k++) rows.push(this.row(this.order[k]!));
    return rows;
  }

  /** Every row that passes, in rank order (builds them all: for a `/` filter, not for every frame). */
  filter(predicate: (row: Row) => boolean): Row[] {
    return this.slice().filter(predicate);
  }

  private row(index: number): Row {
    let row = this.built.get(index);
    if (row === undefined) {
      row = this.makeRow(this.items[index] as Item, index);
      this.built.set(index, row);
    }
    return row;
  }
}

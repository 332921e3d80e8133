// How the session counts a batch's size against its budget (JSON characters), for tick batches and
// for the pages of a catch-up alike.
import { SEVERITY_RANK, type Alert } from '../../src-shared/model';

/**
 * Most bytes (JSON characters) in one batch or catch-up page. A steady tick at 50,000 sockets is far
 * below it; a first tick at 50,000 sockets is not, and sends its rows over several ticks (the batch says
 * so in `truncated`); a catch-up at that size comes in pages (src-shared/catch-up.ts).
 */
export const BATCH_BUDGET_BYTES = 2_000_000;

export const jsonSize = (value: unknown): number => JSON.stringify(value).length + 1;

/** Room for the keys around the parts (tables, counts, the truncation marker, the size itself). */
export const ENVELOPE_BYTES = 512;

/** Counts bytes as items are added; the first item always fits, so a batch never stalls on one large item. */
export class Budget {
  used: number;
  private items = 0;
  exhausted = false;

  constructor(
    readonly limit: number,
    fixed: number,
  ) {
    this.used = fixed;
  }

  take(size: number): boolean {
    if (this.exhausted) return false;
    if (this.items > 0 && this.used + size > this.limit) {
      this.exhausted = true;
      return false;
    }
    this.used += size;
    this.items += 1;
    return true;
  }
}

export function mostSevereFirst(a: Alert, b: Alert): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.lastSeen - a.lastSeen;
}

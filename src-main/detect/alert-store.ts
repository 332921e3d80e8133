// The engine's alerts, bounded, evicted in the one order shared with the dashboard and main's mirror
// (src-shared/alert-bounds.ts): lowest severity first, then least recently seen, then id. An attacker
// who floods LOW or MEDIUM alerts cannot push out a CRITICAL one while anything less severe is left.
// Each severity's bucket is kept in lastSeen order, so the next to go is at the front.
import { EVICTION_SEVERITIES, MAX_ALERTS, evictionOrder } from '../../src-shared/alert-bounds';
import { emptySeverityCounts, type Alert, type Severity, type SeverityCounts } from '../../src-shared/model';

/** A ReadonlyMap view too, so rules can read other rules' alerts (RuleContext.alerts). */
export class AlertStore implements ReadonlyMap<string, Alert> {
  private readonly buckets = new Map<Severity, Map<string, Alert>>(EVICTION_SEVERITIES.map((s) => [s, new Map()]));
  /** The newest lastSeen in each bucket: an alert seen at or after it is appended without breaking the order. */
  private readonly newestSeen = new Map<Severity, number>();
  private readonly severityById = new Map<string, Severity>();

  constructor(readonly maxAlerts: number = MAX_ALERTS) {}

  get size(): number {
    return this.severityById.size;
  }

  get(id: string): Alert | undefined {
    const severity = this.severityById.get(id);
    return severity && this.bucket(severity).get(id);
  }

  /** Stores (or replaces) an alert in its place in the eviction order; returns the ids evicted to stay within the cap. */
  set(alert: Alert): string[] {
    const bucket = this.bucket(alert.severity);
    const previous = this.get(alert.id);
    if (previous && previous.severity === alert.severity && previous.lastSeen === alert.lastSeen) {
      bucket.set(alert.id, alert); // same place in the order (a status change): Map.set keeps the position
      return [];
    }
    this.remove(alert.id);
    this.severityById.set(alert.id, alert.severity);
    const newest = this.newestSeen.get(alert.severity) ?? -Infinity;
    if (alert.lastSeen >= newest) {
      bucket.set(alert.id, alert);
      this.newestSeen.set(alert.severity, alert.lastSeen);
    } else {
      this.insertInOrder(alert); // seen before the bucket's newest (rare: a severity changed by settings)
    }
    const evicted: string[] = [];
    while (this.severityById.size > this.maxAlerts) {
      const id = this.evictOne();
      if (id === undefined) break;
      evicted.push(id);
    }
    return evicted;
  }

  has(id: string): boolean {
    return this.severityById.has(id);
  }

  *entries(): MapIterator<[string, Alert]> {
    for (const bucket of this.buckets.values()) yield* bucket.entries();
  }

  *keys(): MapIterator<string> {
    for (const bucket of this.buckets.values()) yield* bucket.keys();
  }

  *values(): MapIterator<Alert> {
    for (const bucket of this.buckets.values()) yield* bucket.values();
  }

  [Symbol.iterator](): MapIterator<[string, Alert]> {
    return this.entries();
  }

  forEach(callback: (alert: Alert, id: string, map: ReadonlyMap<string, Alert>) => void): void {
    for (const [id, alert] of this.entries()) callback(alert, id, this);
  }

  counts(): SeverityCounts {
    const counts = emptySeverityCounts();
    for (const [severity, bucket] of this.buckets) counts[severity] = bucket.size;
    return counts;
  }

  private remove(id: string): void {
    const severity = this.severityById.get(id);
    if (!severity) return;
    this.bucket(severity).delete(id);
    this.severityById.delete(id);
  }

  /** The first alert in evictionOrder: in the least severe non-empty bucket, among those seen longest ago, the smallest id. */
  private evictOne(): string | undefined {
    for (const bucket of this.buckets.values()) {
      let victim: Alert | undefined;
      for (const alert of bucket.values()) {
        if (victim && alert.lastSeen > victim.lastSeen) break; // the rest were seen later
        if (!victim || evictionOrder(alert, victim) < 0) victim = alert;
      }
      if (!victim) continue;
      this.remove(victim.id);
      return victim.id;
    }
    return undefined;
  }

  private insertInOrder(alert: Alert): void {
    const bucket = this.bucket(alert.severity);
    const ordered = [...bucket.values(), alert].sort((a, b) => a.lastSeen - b.lastSeen);
    bucket.clear();
    for (const each of ordered) bucket.set(each.id, each);
  }

  private bucket(severity: Severity): Map<string, Alert> {
    return this.buckets.get(severity) as Map<string, Alert>;
  }
}

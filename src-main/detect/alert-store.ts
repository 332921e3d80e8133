// The engine's alerts, bounded: one least-recently-seen list per severity, so eviction takes the
// lowest severity first and, within it, the alert seen longest ago. An attacker who floods LOW or
// MEDIUM alerts cannot push out a CRITICAL one while anything less severe is left.
import { SEVERITIES, emptySeverityCounts, type Alert, type Severity, type SeverityCounts } from '../../src-shared/model';

/** Least severe first: the order eviction looks in. */
const EVICTION_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

/** A ReadonlyMap view too, so rules can read other rules' alerts (RuleContext.alerts). */
export class AlertStore implements ReadonlyMap<string, Alert> {
  private readonly buckets = new Map<Severity, Map<string, Alert>>(EVICTION_ORDER.map((s) => [s, new Map()]));
  private readonly severityById = new Map<string, Severity>();

  constructor(readonly maxAlerts: number) {}

  get size(): number {
    return this.severityById.size;
  }

  get(id: string): Alert | undefined {
    const severity = this.severityById.get(id);
    return severity && this.bucket(severity).get(id);
  }

  /** Stores (or replaces) an alert as the most recently seen of its severity; returns the ids evicted to stay within the cap. */
  set(alert: Alert): string[] {
    this.remove(alert.id);
    this.bucket(alert.severity).set(alert.id, alert);
    this.severityById.set(alert.id, alert.severity);
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

  private evictOne(): string | undefined {
    for (const bucket of this.buckets.values()) {
      const oldest = bucket.keys().next();
      if (oldest.done) continue;
      this.remove(oldest.value);
      return oldest.value;
    }
    return undefined;
  }

  private bucket(severity: Severity): Map<string, Alert> {
    return this.buckets.get(severity) as Map<string, Alert>;
  }
}

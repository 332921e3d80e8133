// Marks alerts suppressed or active against the current suppression list, and re-marks them when
// the list changes or a suppression expires.
import type { Alert } from '../../src-shared/model';
import { compileSuppression, firstMatch, type Suppression, type SuppressionMatcher } from '../../src-shared/settings';

export class SuppressionState {
  private matchers: SuppressionMatcher[] = [];
  /** The earliest `until` still ahead; at that time every alert is looked at again. */
  private nextExpiry = Number.POSITIVE_INFINITY;

  constructor(suppressions: readonly Suppression[] = [], now = Date.now()) {
    this.set(suppressions, now);
  }

  set(suppressions: readonly Suppression[], now: number): void {
    this.matchers = suppressions.map((s) => compileSuppression({ ...s }));
    this.nextExpiry = this.expiryAfter(now);
  }

  list(): Suppression[] {
    return this.matchers.map((m) => m.suppression);
  }

  /** True once a suppression's `until` has passed since the last call; the caller then re-marks every alert. */
  expiredSince(now: number): boolean {
    if (now < this.nextExpiry) return false;
    this.nextExpiry = this.expiryAfter(now);
    return true;
  }

  /** Sets status and suppressedBy on the alert; true when either changed. */
  mark(alert: Alert, now: number): boolean {
    const before = alert.status ?? 'active';
    const beforeBy = alert.suppressedBy;
    const index = this.matchers.length > 0 ? firstMatch(this.matchers, alert, now) : -1;
    if (index >= 0) {
      alert.status = 'suppressed';
      alert.suppressedBy = (this.matchers[index] as SuppressionMatcher).suppression;
    } else {
      alert.status = 'active';
      delete alert.suppressedBy;
    }
    return before !== alert.status || beforeBy !== alert.suppressedBy;
  }

  /** How many of the alerts each suppression holds now, in list order. */
  counts(alerts: Iterable<Alert>): number[] {
    const counts = this.matchers.map(() => 0);
    const index = new Map(this.matchers.map((m, i) => [m.suppression, i]));
    for (const alert of alerts) {
      const at = alert.suppressedBy ? index.get(alert.suppressedBy) : undefined;
      if (at !== undefined) counts[at] = (counts[at] ?? 0) + 1;
    }
    return counts;
  }

  private expiryAfter(now: number): number {
    let next = Number.POSITIVE_INFINITY;
    for (const m of this.matchers) if (m.untilMs > now && m.untilMs < next) next = m.untilMs;
    return next;
  }
}

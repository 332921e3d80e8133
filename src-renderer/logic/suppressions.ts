// The renderer's view of suppressions: the same matcher the engine uses (src-shared/settings), so a
// suppression added or removed re-marks the alerts this window holds at once, before the next tick.
import { emptySeverityCounts, type Alert, type SeverityCounts } from '../../src-shared/model';
import { compileSuppression, firstMatch, MATCH_FIELDS, type Suppression } from '../../src-shared/settings';

export interface Remarked {
  alerts: Readonly<Record<string, Alert>>;
  /** Change of the active counts per severity (negative: alerts that turned suppressed). */
  countsDelta: SeverityCounts;
  suppressedDelta: number;
}

/** Every held alert marked against `suppressions` as the engine marks it; unchanged alerts keep their object. */
export function remarkAlerts(alerts: Readonly<Record<string, Alert>>, suppressions: readonly Suppression[], now: number): Remarked {
  const matchers = suppressions.map(compileSuppression);
  const countsDelta = emptySeverityCounts();
  let suppressedDelta = 0;
  let next: Record<string, Alert> | undefined;
  for (const alert of Object.values(alerts)) {
    const index = matchers.length > 0 ? firstMatch(matchers, alert, now) : -1;
    const by = index >= 0 ? suppressions[index] : undefined;
    const was = alert.status === 'suppressed';
    if (was === (by !== undefined) && (!by || sameSuppression(by, alert.suppressedBy))) continue;
    const { suppressedBy: _old, ...rest } = alert;
    next ??= { ...alerts };
    next[alert.id] = by ? { ...rest, status: 'suppressed', suppressedBy: by } : { ...rest, status: 'active' };
    if (was !== (by !== undefined)) {
      const step = by ? -1 : 1;
      countsDelta[alert.severity] += step;
      suppressedDelta -= step;
    }
  }
  return { alerts: next ?? alerts, countsDelta, suppressedDelta };
}

const COMPARED = [...MATCH_FIELDS, 'until', 'reason'] as const;

/** Same fields, same values (an alert's copy of a suppression is not the settings' object after IPC). */
export function sameSuppression(a: Suppression, b: Suppression | undefined): boolean {
  return b !== undefined && COMPARED.every((field) => a[field] === b[field]);
}

/** How many held alerts each suppression holds now, in list order. */
export function matchedCounts(suppressions: readonly Suppression[], alerts: Readonly<Record<string, Alert>>): number[] {
  const counts = suppressions.map(() => 0);
  for (const alert of Object.values(alerts)) {
    if (alert.status !== 'suppressed') continue;
    const index = suppressions.findIndex((s) => sameSuppression(s, alert.suppressedBy));
    if (index >= 0) counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

export interface SuppressionCount {
  count: number;
  /** The engine's count (over every alert it keeps), not this window's. */
  fromEngine: boolean;
}

/**
 * What the Suppressions view shows per suppression: the engine's counts from the latest batch when
 * they are for this list, else this window's own count (the suppressions changed since that batch).
 */
export function suppressionCountsShown(
  suppressions: readonly Suppression[],
  engineCounts: readonly number[] | undefined,
  alerts: Readonly<Record<string, Alert>>,
): SuppressionCount[] {
  if (engineCounts && engineCounts.length === suppressions.length) return engineCounts.map((count) => ({ count, fromEngine: true }));
  return matchedCounts(suppressions, alerts).map((count) => ({ count, fromEngine: false }));
}

/** `rule non-standard-port · destination 10.0.0.5:4444` */
export function describeSuppression(suppression: Suppression): string {
  return MATCH_FIELDS.filter((field) => suppression[field] !== undefined)
    .map((field) => `${field} ${suppression[field] as string}`)
    .join(' · ');
}

/** `until 12:00, 30 Nov` / `forever` / `expired` */
export function expiryText(suppression: Suppression, now: number): string {
  if (suppression.until === undefined) return 'forever';
  const until = Date.parse(suppression.until);
  if (until <= now) return 'expired';
  return `until ${new Date(until).toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' })}`;
}

export function addCounts(counts: SeverityCounts, delta: SeverityCounts): SeverityCounts {
  const out = { ...counts };
  for (const key of Object.keys(delta) as (keyof SeverityCounts)[]) out[key] = Math.max(0, out[key] + delta[key]);
  return out;
}

// How many alerts a session keeps and which go first when there are more: shared by the engine
// and the renderer's store so both hold the same set.
import { SEVERITIES, SEVERITY_RANK, type Alert, type Severity } from './model';

/** Most alerts kept by the engine and by the dashboard. */
export const MAX_ALERTS = 5_000;

/** Least severe first: the order eviction looks through the severities in. */
export const EVICTION_SEVERITIES: readonly Severity[] = [...SEVERITIES].sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b]);

type Evictable = Pick<Alert, 'id' | 'severity' | 'lastSeen'>;

/** Negative when `a` goes before `b`: lower severity first, then least recently seen, then id. */
export function evictionOrder(a: Evictable, b: Evictable): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.lastSeen - b.lastSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The ids to remove so that at most `max` alerts remain, in eviction order. */
export function pickEvictions(alerts: Iterable<Evictable>, max: number = MAX_ALERTS): string[] {
  const all = [...alerts];
  if (all.length <= max) return [];
  return all
    .sort(evictionOrder)
    .slice(0, all.length - max)
    .map((alert) => alert.id);
}

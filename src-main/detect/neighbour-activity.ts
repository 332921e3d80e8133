// Which LAN neighbours this host started talking to recently, from the ARP / neighbour table.
// A scan of closed ports leaves no socket, but answering it makes the kernel resolve the
// scanner's MAC: the neighbour entry turns REACHABLE / DELAY / PROBE.
import type { HostSnapshot } from '../../src-shared/model';

const ACTIVE = new Set(['REACHABLE', 'DELAY', 'PROBE']);

/** Neighbour IP → last state, and when it became active (-Infinity: already active at the first look). */
export type NeighbourActivity = Map<string, { state: string; activeSince?: number }>;

/** Updates `activity` from the snapshot; returns active neighbours (gateway excluded), most recently activated first. */
export function activeNeighbours(snapshot: HostSnapshot, activity: NeighbourActivity, now: number, windowMs: number): string[] {
  const gateway = snapshot.gateway?.ip;
  const firstLook = activity.size === 0;
  const seen = new Set<string>();
  for (const entry of snapshot.arp ?? []) {
    if (!entry.mac || entry.ip === gateway) continue;
    seen.add(entry.ip);
    const previous = activity.get(entry.ip);
    const active = ACTIVE.has(entry.state);
    const wasActive = previous !== undefined && ACTIVE.has(previous.state);
    const activeSince = !active ? undefined : wasActive ? previous?.activeSince : firstLook ? -Infinity : now;
    activity.set(entry.ip, { state: entry.state, ...(activeSince !== undefined ? { activeSince } : {}) });
  }
  for (const ip of activity.keys()) if (!seen.has(ip)) activity.delete(ip);
  return [...activity.entries()]
    .filter(([, n]) => n.activeSince !== undefined && (n.activeSince === -Infinity || n.activeSince >= now - windowMs))
    .sort((a, b) => (b[1].activeSince ?? 0) - (a[1].activeSince ?? 0))
    .map(([ip]) => ip);
}

/**
 * Neighbours (gateway excluded) this host sent to, or whose entry turned active, at or after
 * `since`, by the kernel's entry timers; undefined when the table carries no timers (not Linux, or
 * /proc/net/arp only). Replying to a scanner marks its entry unless it was already REACHABLE.
 * The timers count whole seconds, truncated, so `touchedAt` is up to 1 s later than the truth:
 * an entry touched just before `since` may count, one touched after it always does.
 */
export function touchedNeighbours(snapshot: HostSnapshot, since: number): string[] | undefined {
  const gateway = snapshot.gateway?.ip;
  const entries = (snapshot.arp ?? []).filter((e) => e.mac && e.ip !== gateway);
  if (!entries.some((e) => e.touchedAt !== undefined)) return undefined;
  return entries.filter((e) => (e.touchedAt ?? -Infinity) >= since).map((e) => e.ip);
}

/**
 * The neighbour that answered a burst: by the entry timers, the one neighbour this host sent to
 * since the burst began; without timers, the one neighbour active in the window. When another
 * neighbour was touched as well (or, without timers, was active since before monitoring began)
 * it could have sent the probes — naming one would be a guess.
 */
export function likelyNeighbour(neighbours: string[], touched?: string[]): string | undefined {
  const candidates = touched ?? neighbours;
  return candidates.length === 1 ? candidates[0] : undefined;
}

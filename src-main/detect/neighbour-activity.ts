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
 * The neighbour that answered a burst, when it is the only one active in the window. Another
 * neighbour active at the same time (or since before monitoring began) could have sent the probes
 * as well — the entry of a scanner this host already talked to does not change — so naming one is a guess.
 */
export function likelyNeighbour(neighbours: string[]): string | undefined {
  return neighbours.length === 1 ? neighbours[0] : undefined;
}

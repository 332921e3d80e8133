// This host being scanned: per remote source, the local ports it touched within the window.
import type { Connection } from '../../src-shared/model';
import { getOrAddBounded } from '../../src-shared/bounded-map';

/** Target (port or host:port) → last time touched, within the window. */
type Touches = Map<string, number>;

export interface Actor {
  touches: Touches;
  lastProcess?: Connection['process'];
  firstSeen: number;
}

export function touch(map: Map<string, Actor>, key: string, target: string, now: number, c: Connection, max: number): Actor {
  const actor = getOrAddBounded(map, key, max, (): Actor => ({ touches: new Map(), firstSeen: now }));
  actor.touches.set(target, now);
  if (c.process) actor.lastProcess = c.process;
  return actor;
}

export function prune(map: Map<string, Actor>, cutoff: number): void {
  for (const [key, actor] of map) {
    for (const [target, t] of actor.touches) if (t < cutoff) actor.touches.delete(target);
    if (actor.touches.size === 0) map.delete(key);
  }
}

export function targetsTouchedSince(actor: Actor, since: number): number {
  let n = 0;
  for (const t of actor.touches.values()) if (t >= since) n++;
  return n;
}

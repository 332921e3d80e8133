// Whether a snapshot describes the same host state as the one before it. A quiet tick
// (collect/linux/quiet-ticks.ts) hands over the same read-only arrays again, so identity says it.
import type { HostSnapshot } from '../../src-shared/model';

/** The parts of a snapshot that describe the host (everything but its time, load and counters). */
export type HostState = Pick<HostSnapshot, 'processes' | 'connections' | 'listening' | 'lowLevelSockets' | 'arp' | 'localAddresses' | 'gateway'>;

export function hostStateOf(snapshot: HostSnapshot): HostState {
  const { processes, connections, listening, lowLevelSockets, arp, localAddresses, gateway } = snapshot;
  return { processes, connections, listening, lowLevelSockets, arp, localAddresses, gateway };
}

/** True when every part of `snapshot`'s host state is the very object `previous` held. */
export function sameHostState(previous: HostState | undefined, snapshot: HostSnapshot): boolean {
  if (!previous || typeof snapshot !== 'object' || snapshot === null) return false;
  const current = hostStateOf(snapshot);
  return (Object.keys(current) as (keyof HostState)[]).every((part) => current[part] === previous[part]);
}

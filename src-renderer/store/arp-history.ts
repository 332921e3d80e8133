// Which MACs each neighbour (an IP on an interface, as the ARP rule keys it) has had during the session:
// a gateway whose MAC changes is what ARP poisoning looks like.
import { arpBindingKey } from '../../src-shared/arp-binding';
import type { ArpEntry } from '../../src-shared/model';

export interface MacSighting {
  mac: string;
  firstSeen: number;
  lastSeen: number;
}
/** Sightings per neighbour, keyed by arpBindingKey (src-shared/arp-binding). */
export type ArpHistory = Readonly<Record<string, readonly MacSighting[]>>;

export const MAX_SIGHTINGS_PER_IP = 16;
export const MAX_TRACKED_IPS = 4096;

function isUsableMac(mac: string): boolean {
  return mac !== '' && mac !== '00:00:00:00:00:00';
}

/** Folds one ARP table into the history; returns the same object when nothing changed. */
export function updateArpHistory(history: ArpHistory, entries: readonly ArpEntry[], time: number): ArpHistory {
  let next: Record<string, readonly MacSighting[]> | undefined;
  for (const entry of entries) {
    const mac = entry.mac.toLowerCase();
    if (!isUsableMac(mac)) continue;
    const key = arpBindingKey(entry);
    const sightings = (next ?? history)[key] ?? [];
    const last = sightings.at(-1);
    if (last?.mac === mac && last.lastSeen >= time) continue;
    next ??= { ...history };
    if (last?.mac === mac) {
      next[key] = [...sightings.slice(0, -1), { ...last, lastSeen: time }];
    } else {
      if (!last && Object.keys(next).length >= MAX_TRACKED_IPS) continue;
      next[key] = [...sightings, { mac, firstSeen: time, lastSeen: time }].slice(-MAX_SIGHTINGS_PER_IP);
    }
  }
  return next ?? history;
}

/** Neighbours (arpBindingKey) seen with more than one MAC this session. */
export function macChanges(history: ArpHistory): string[] {
  return Object.keys(history).filter((key) => (history[key]?.length ?? 0) > 1);
}

// The identity of a neighbour: one IP on one interface (the same IP behind two interfaces is two
// neighbours). The ARP-poisoning rule tracks bindings, the renderer its MAC history, and batches
// their ARP rows under this one key.
import type { ArpEntry } from './model';
import { normalizeMac } from './net';

export function arpBindingKey(entry: Pick<ArpEntry, 'iface' | 'ip'>): string {
  return `${entry.iface}|${entry.ip}`;
}

const PLACEHOLDER_MACS = new Set(['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff']);

/**
 * A neighbour's MAC as normalizeMac spells it, when it can stand for a binding: not the all-zero
 * or broadcast MAC that unresolved and placeholder entries carry. Undefined otherwise.
 */
export function bindingMac(mac: string): string | undefined {
  const normal = normalizeMac(mac);
  return normal === undefined || PLACEHOLDER_MACS.has(normal) ? undefined : normal;
}

// The identity of a neighbour: one IP on one interface (the same IP behind two interfaces is two
// neighbours). The ARP-poisoning rule tracks bindings, the renderer its MAC history, and batches
// their ARP rows under this one key.
import type { ArpEntry } from './model';

export function arpBindingKey(entry: Pick<ArpEntry, 'iface' | 'ip'>): string {
  return `${entry.iface}|${entry.ip}`;
}

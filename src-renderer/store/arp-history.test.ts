import { describe, expect, it } from 'vitest';
import { arpBindingKey } from '../../src-shared/arp-binding';
import type { ArpEntry } from '../../src-shared/model';
import { MAX_SIGHTINGS_PER_IP, macChanges, updateArpHistory } from './arp-history';

const entry = (ip: string, mac: string): ArpEntry => ({ ip, mac, iface: 'eth0', state: 'REACHABLE' });

describe('updateArpHistory', () => {
  it('records a first sighting and extends it while the MAC stays', () => {
    let history = updateArpHistory({}, [entry('10.0.0.1', 'AA:BB:CC:00:00:01')], 1000);
    history = updateArpHistory(history, [entry('10.0.0.1', 'aa:bb:cc:00:00:01')], 3000);
    expect(history['eth0|10.0.0.1']).toEqual([{ mac: 'aa:bb:cc:00:00:01', firstSeen: 1000, lastSeen: 3000 }]);
    expect(macChanges(history)).toEqual([]);
  });

  it('keeps every MAC an IP had, in order', () => {
    let history = updateArpHistory({}, [entry('10.0.0.1', 'aa:aa:aa:aa:aa:aa')], 1000);
    history = updateArpHistory(history, [entry('10.0.0.1', 'bb:bb:bb:bb:bb:bb')], 2000);
    history = updateArpHistory(history, [entry('10.0.0.1', 'aa:aa:aa:aa:aa:aa')], 3000);
    expect(history['eth0|10.0.0.1']?.map((s) => s.mac)).toEqual(['aa:aa:aa:aa:aa:aa', 'bb:bb:bb:bb:bb:bb', 'aa:aa:aa:aa:aa:aa']);
    expect(macChanges(history)).toEqual(['eth0|10.0.0.1']);
  });

  it('keys a neighbour by interface and IP, as the ARP rule does: the same IP on two LANs is two histories', () => {
    const history = updateArpHistory({}, [entry('10.0.0.1', 'aa:aa:aa:aa:aa:aa'), { ...entry('10.0.0.1', 'bb:bb:bb:bb:bb:bb'), iface: 'wlan0' }], 1000);
    expect(Object.keys(history).sort()).toEqual([arpBindingKey({ iface: 'eth0', ip: '10.0.0.1' }), arpBindingKey({ iface: 'wlan0', ip: '10.0.0.1' })]);
    expect(macChanges(history)).toEqual([]);
  });

  it('ignores incomplete entries and returns the same object when nothing changed', () => {
    const history = updateArpHistory({}, [entry('10.0.0.1', 'aa:aa:aa:aa:aa:aa')], 1000);
    expect(updateArpHistory(history, [entry('10.0.0.9', ''), entry('10.0.0.8', '00:00:00:00:00:00')], 1000)).toBe(history);
  });

  it('bounds the sightings kept per IP', () => {
    let history = {};
    for (let i = 0; i < 40; i += 1) {
      history = updateArpHistory(history, [entry('10.0.0.1', `aa:aa:aa:aa:aa:${String(i % 2 ? 1 : 2).padStart(2, '0')}`)], i);
    }
    expect((history as Record<string, unknown[]>)['eth0|10.0.0.1']).toHaveLength(MAX_SIGHTINGS_PER_IP);
  });
});

import { describe, expect, it } from 'vitest';
import type { ArpEntry, HostSnapshot } from '../../src-shared/model';
import { activeNeighbours, likelyNeighbour, type NeighbourActivity } from './neighbour-activity';

const entry = (ip: string, state: ArpEntry['state']): ArpEntry => ({ ip, mac: '02:00:00:00:00:01', iface: 'eth0', state });
const look = (activity: NeighbourActivity, now: number, entries: ArpEntry[]): string[] =>
  activeNeighbours({ arp: entries } as HostSnapshot, activity, now, 60_000);

describe('likelyNeighbour', () => {
  it('names the one neighbour that turned active, and nobody when two did (a guess)', () => {
    const activity: NeighbourActivity = new Map();
    look(activity, 0, [entry('10.0.0.5', 'STALE'), entry('10.0.0.6', 'STALE')]);
    const one = look(activity, 2_000, [entry('10.0.0.5', 'REACHABLE'), entry('10.0.0.6', 'STALE')]);
    expect(likelyNeighbour(one)).toBe('10.0.0.5');
    const two = look(activity, 3_000, [entry('10.0.0.5', 'REACHABLE'), entry('10.0.0.6', 'DELAY')]);
    expect(two).toEqual(['10.0.0.6', '10.0.0.5']);
    expect(likelyNeighbour(two)).toBeUndefined();
  });

  it('names nobody when a neighbour active since the first look could be the scanner as well', () => {
    const activity: NeighbourActivity = new Map();
    look(activity, 0, [entry('10.0.0.66', 'REACHABLE'), entry('10.0.0.22', 'STALE')]);
    const now = look(activity, 5_000, [entry('10.0.0.66', 'REACHABLE'), entry('10.0.0.22', 'REACHABLE')]);
    expect(now).toEqual(['10.0.0.22', '10.0.0.66']);
    expect(likelyNeighbour(now)).toBeUndefined();
  });
});

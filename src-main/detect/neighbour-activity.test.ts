import { describe, expect, it } from 'vitest';
import type { ArpEntry, HostSnapshot } from '../../src-shared/model';
import { activeNeighbours, likelyNeighbour, touchedNeighbours, type NeighbourActivity } from './neighbour-activity';

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

describe('touchedNeighbours (entry timers)', () => {
  const timed = (ip: string, state: ArpEntry['state'], touchedAt?: number): ArpEntry => ({
    ...entry(ip, state),
    ...(touchedAt !== undefined ? { touchedAt } : {}),
  });
  const snapshot = (arp: ArpEntry[]): HostSnapshot => ({ arp, gateway: { ip: '10.0.0.1' } }) as HostSnapshot;

  it('names the scanner answered during the burst, not bystanders left REACHABLE by earlier traffic', () => {
    // Burst began at t=100 s; .66 was sent RSTs at 101 s; .21/.22 were last touched 20 s before.
    const snap = snapshot([timed('10.0.0.21', 'REACHABLE', 80_000), timed('10.0.0.22', 'REACHABLE', 81_000), timed('10.0.0.66', 'DELAY', 101_000)]);
    const touched = touchedNeighbours(snap, 100_000);
    expect(touched).toEqual(['10.0.0.66']);
    expect(likelyNeighbour(['10.0.0.21', '10.0.0.22', '10.0.0.66'], touched)).toBe('10.0.0.66');
  });

  it('names nobody when two neighbours were touched since the burst began', () => {
    const snap = snapshot([timed('10.0.0.21', 'REACHABLE', 100_000), timed('10.0.0.66', 'DELAY', 100_500), timed('10.0.0.1', 'DELAY', 100_500)]);
    const touched = touchedNeighbours(snap, 100_000);
    expect(touched).toEqual(['10.0.0.21', '10.0.0.66']);
    expect(likelyNeighbour(['10.0.0.66'], touched)).toBeUndefined();
    expect(touchedNeighbours(snap, 100_001)).toEqual(['10.0.0.66']);
  });

  it('names nobody when the only touched entry is the gateway, and defers to activity without timers', () => {
    expect(touchedNeighbours(snapshot([timed('10.0.0.1', 'DELAY', 100_000), timed('10.0.0.66', 'REACHABLE', 10_000)]), 100_000)).toEqual([]);
    expect(likelyNeighbour(['10.0.0.66'], [])).toBeUndefined();
    const untimed = snapshot([timed('10.0.0.66', 'REACHABLE')]);
    expect(touchedNeighbours(untimed, 100_000)).toBeUndefined();
    expect(likelyNeighbour(['10.0.0.66'], touchedNeighbours(untimed, 100_000))).toBe('10.0.0.66');
  });
});

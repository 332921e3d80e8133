import { describe, expect, it } from 'vitest';
import { likelyNeighbour, type NeighbourActivity } from './neighbour-activity';

describe('likelyNeighbour', () => {
  it('names the one neighbour that turned active, and nobody when two did (a guess)', () => {
    const activity: NeighbourActivity = new Map([
      ['10.0.0.5', { state: 'REACHABLE', activeSince: 2_000 }],
      ['10.0.0.6', { state: 'STALE' }],
    ]);
    expect(likelyNeighbour(activity, ['10.0.0.5'])).toBe('10.0.0.5');
    activity.set('10.0.0.7', { state: 'REACHABLE', activeSince: 1_000 });
    expect(likelyNeighbour(activity, ['10.0.0.5', '10.0.0.7'])).toBeUndefined();
  });
});

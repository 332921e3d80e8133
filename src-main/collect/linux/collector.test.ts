import { describe, expect, it } from 'vitest';
import { ownerCoverage } from './collector';

describe('ownerCoverage', () => {
  it('tells an unprivileged user that other users’ sockets need elevation', () => {
    const unowned = new Map([[11, 0], [12, 0], [13, 1000]]);
    const warnings = ownerCoverage(unowned, 3, 1000);
    expect(warnings[0]?.message).toBe('owner unknown for 2 sockets of other users; run elevated for full attribution');
    expect(warnings[1]?.message).toBe('owner unknown for 1 socket; 3 processes do not allow reading their descriptors');
  });

  it('as root, blames protected processes or the race, and says nothing when all are owned', () => {
    expect(ownerCoverage(new Map([[16, 0]]), 1, 0).map((w) => w.message)).toEqual([
      'owner unknown for 1 socket; 1 process does not allow reading their descriptors',
    ]);
    expect(ownerCoverage(new Map([[16, 0]]), 0, 0)[0]?.message).toBe('owner unknown for 1 socket (closed or handed over during the tick)');
    expect(ownerCoverage(new Map(), 5, 1000)).toEqual([]);
  });
});

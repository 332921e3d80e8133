import { describe, expect, it } from 'vitest';
import { ChildReaping } from './child-reaping';
import { processInfo, T0 } from './test-support';

describe('ChildReaping', () => {
  it('tells, tick by tick, whether a process reaped a child; a reused pid or a forgotten one starts afresh', () => {
    const reaping = new ChildReaping();
    const at = (faults: number, startTime = T0) => processInfo(7, 1, 'ruby', { childFaults: faults, startTime });
    const tick = (p: ReturnType<typeof at> | undefined) => {
      const answer = p && reaping.reaped(p);
      reaping.endTick();
      return answer;
    };
    // Worked values of the captured ruby IO.popen loop: 92, 186, 186 (nothing ran), 280.
    expect([tick(at(92)), tick(at(186)), tick(at(186)), tick(at(280))]).toEqual([undefined, true, false, true]);
    expect(tick(at(300, T0 + 1))).toBeUndefined();
    expect(tick(undefined)).toBeUndefined();
    expect(tick(at(400, T0 + 1))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { OutboundAttempts } from './outbound-attempts';

const windows = { windowMs: 60_000, horizonMs: 300_000, portsPerHost: 3, maxTargets: 100 };
const t = (i: number): string => `10.0.0.${i}`;

describe('OutboundAttempts', () => {
  it('counts SYN_SENT targets (web ports for a third), moves them out of the fast window, then forgets them', () => {
    const a = new OutboundAttempts(0, windows);
    for (let i = 1; i <= 6; i++) a.touch(`${t(i)}:22`, t(i), 22, true, 0);
    for (let i = 1; i <= 3; i++) a.touch(`${t(i)}:443`, t(i), 443, true, 0);
    a.touch(`${t(9)}:22`, t(9), 22, false, 0);
    expect([a.recentSynCount(), a.fastWeight(), a.slowSynCount(), a.size]).toEqual([9, 7, 6, 10]);
    a.advance(60_000); // still inside: the window keeps t >= now - windowMs
    expect(a.recentCount).toBe(10);
    a.advance(60_001);
    expect([a.recentCount, a.recentSynCount(), a.slowSynCount(), a.size]).toEqual([0, 0, 6, 10]);
    expect(a.slowSynTargets()).toHaveLength(6);
    a.advance(300_001);
    expect([a.size, a.slowSynCount()]).toEqual([0, 0]);
  });

  it('keeps a target SYN_SENT once seen so, re-touching moves it back into the window', () => {
    const a = new OutboundAttempts(0, windows);
    a.touch(`${t(1)}:22`, t(1), 22, true, 0);
    a.advance(70_000);
    expect(a.recentSynCount()).toBe(0);
    a.touch(`${t(1)}:22`, t(1), 22, false, 70_000);
    expect([a.recentSynCount(), a.slowSynCount(), a.size]).toEqual([1, 1, 1]);
    a.advance(300_001); // touched again at 70 s: not expired yet
    expect(a.size).toBe(1);
  });

  it('names the first host reaching portsPerHost recent ports, and drops it as they age out', () => {
    const a = new OutboundAttempts(0, windows);
    a.touch(`${t(1)}:1`, t(1), 1, false, 0);
    a.touch(`${t(2)}:1`, t(2), 1, false, 10_000);
    a.touch(`${t(2)}:2`, t(2), 2, false, 10_000);
    a.touch(`${t(1)}:2`, t(1), 2, false, 20_000);
    expect(a.verticalHost()).toBeUndefined();
    a.touch(`${t(2)}:3`, t(2), 3, false, 20_000);
    a.touch(`${t(1)}:3`, t(1), 3, false, 20_000);
    expect(a.verticalHost()).toEqual({ host: t(2), ports: 3 });
    expect(a.recentTargetsOf(t(2)).sort()).toEqual([`${t(2)}:1`, `${t(2)}:2`, `${t(2)}:3`]);
    a.advance(70_001); // t(2):1 and t(2):2 leave the window; t(1) keeps ports 2 and 3 only
    expect(a.verticalHost()).toBeUndefined();
  });

  it('holds at most maxTargets targets, refusing new ones but not updates', () => {
    const a = new OutboundAttempts(0, { ...windows, maxTargets: 2 });
    a.touch('a:1', 'a', 1, false, 0);
    a.touch('b:1', 'b', 1, false, 0);
    a.touch('c:1', 'c', 1, true, 0);
    a.touch('a:1', 'a', 1, true, 1);
    expect([a.size, a.recentSynCount(), a.targets()]).toEqual([2, 1, ['b:1', 'a:1']]);
  });
});

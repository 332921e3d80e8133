import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetDev, withRates } from './netdev';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('parseNetDev', () => {
  it('reads every interface with bytes, packets, errors and drops', () => {
    const { interfaces, badLines } = parseNetDev(fixture('proc-net-dev-1.txt'));
    expect(badLines).toBe(0);
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(interfaces[0]).toMatchObject({ rxBytes: 28257341, rxPackets: 372738, txBytes: 28257341, txPackets: 372738, rxErrors: 0 });
  });

  it('computes rates against the previous reading (1 MB sent over loopback in between)', () => {
    const { elapsedMs } = JSON.parse(fixture('proc-net-dev-interval.json')) as { elapsedMs: number };
    const before = parseNetDev(fixture('proc-net-dev-1.txt')).interfaces;
    const after = parseNetDev(fixture('proc-net-dev-2.txt')).interfaces;
    const first = withRates(before, undefined, 0);
    expect(first.every((i) => i.rxRate === 0 && i.txRate === 0)).toBe(true);
    const lo = withRates(after, before, elapsedMs).find((i) => i.name === 'lo');
    expect(lo?.txRate).toBeCloseTo(((29259333 - 28257341) * 1000) / elapsedMs, 3);
    expect(lo?.txRate).toBeGreaterThan(1_000_000 / (elapsedMs / 1000));
  });

  it('gives a zero rate after a counter reset, and skips malformed lines', () => {
    const after = parseNetDev(fixture('proc-net-dev-2.txt')).interfaces;
    const before = parseNetDev(fixture('proc-net-dev-1.txt')).interfaces;
    expect(withRates(before, after, 1000).find((i) => i.name === 'lo')?.rxRate).toBe(0);
    const lines = fixture('proc-net-dev-1.txt').split('\n');
    const { interfaces, badLines } = parseNetDev([...lines, '  eth9: 1 2 3', 'nonsense'].join('\n'));
    expect(interfaces).toHaveLength(4);
    expect(badLines).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { ConnectionTracker, inboundTest } from './connection-tracker';
import { defaultRules } from './rules';
import { makeSnapshot, proc, runRule, T0, tcp, ticks } from './test-support';

const est = tcp('192.168.1.10:50000', '203.0.113.5:443', { inode: 42 });
const tw = tcp('192.168.1.10:50000', '203.0.113.5:443', { state: 'TIME_WAIT', inode: 0 });

describe('ConnectionTracker', () => {
  it('sees a connection once across its life, ESTABLISHED then TIME_WAIT', () => {
    const t = new ConnectionTracker();
    expect(t.observe([est], T0)).toEqual([est]);
    expect(t.observe([est], T0 + 2000)).toEqual([]);
    expect(t.observe([tw], T0 + 4000)).toEqual([]);
    expect(t.observe([tw], T0 + 6000)).toEqual([]);
  });

  it('counts a connection first seen in TIME_WAIT, and a reused 5-tuple with a new inode', () => {
    const t = new ConnectionTracker();
    expect(t.observe([tw], T0)).toEqual([tw]);
    expect(t.observe([tw], T0 + 2000)).toEqual([]);
    const again = { ...est, inode: 43 };
    t.observe([est], T0 + 4000);
    expect(t.observe([again], T0 + 6000)).toEqual([again]);
  });

  it('forgets 5-tuples after the delay, skips listeners and unconnected UDP, and works without inodes', () => {
    const t = new ConnectionTracker(10_000);
    const listen = tcp('0.0.0.0:22', '0.0.0.0:0', { state: 'LISTEN' });
    const unconn = tcp('0.0.0.0:5353', '0.0.0.0:0', { protocol: 'udp', state: 'UNCONN' });
    const noInode = { ...est, inode: 0 };
    expect(t.observe([listen, unconn, noInode], T0)).toEqual([noInode]);
    expect(t.observe([noInode], T0 + 1000)).toEqual([]);
    t.observe([], T0 + 5_000);
    t.observe([], T0 + 20_000);
    expect(t.size).toBe(0);
    expect(t.observe([noInode], T0 + 21_000)).toEqual([noInode]);
  });

  it('stays bounded', () => {
    const t = new ConnectionTracker(120_000, 1_000);
    for (let i = 0; i < 50; i++) {
      t.observe(
        Array.from({ length: 100 }, (_, j) => tcp(`192.168.1.10:${1024 + i * 100 + j}`, '203.0.113.5:443', { state: 'TIME_WAIT' })),
        T0 + i * 1000,
      );
    }
    expect(t.size).toBeLessThanOrEqual(1_100);
  });
});

describe('inboundTest', () => {
  it('uses the collector direction or a matching listener of the same protocol', () => {
    const isIn = inboundTest(makeSnapshot({ listening: [{ protocol: 'tcp', family: 4, address: '0.0.0.0', port: 8080, inode: 1 }] }));
    expect(isIn(tcp('192.168.1.10:8080', '192.168.1.5:50000'))).toBe(true);
    expect(isIn(tcp('192.168.1.10:8080', '192.168.1.5:50000', { protocol: 'udp' }))).toBe(false);
    expect(isIn(tcp('192.168.1.10:50000', '192.168.1.5:22', { direction: 'inbound' }))).toBe(true);
    expect(isIn(tcp('192.168.1.10:50000', '192.168.1.5:22'))).toBe(false);
  });
});

describe('rules run alone', () => {
  it('find the same as under the engine when they track new connections themselves', () => {
    const snaps = ticks(12, 2000, (i) => ({
      connections: [
        tcp(`192.168.1.10:${40000 + i}`, '203.0.113.9:4444', { process: proc(1, 'x') }),
        tcp(`192.168.1.10:${41000 + i}`, `192.168.1.${20 + (i % 4)}:22`, { process: proc(2, 'ssh') }),
        tcp(`192.168.1.10:${42000 + i}`, `198.51.100.7:${9001}`, { state: 'TIME_WAIT' }),
      ],
    }));
    for (const rule of defaultRules()) {
      const shared = runRule(rule, snaps);
      const alone = runRule(
        defaultRules().find((r) => r.id === rule.id)!,
        snaps,
        [],
        false,
      );
      expect(alone, rule.id).toEqual(shared);
    }
  });
});

describe('ConnectionTracker on a quiet tick', () => {
  it('finds nothing new in the same array handed over again, and still refreshes its entries a quarter of the forget delay later', () => {
    const t = new ConnectionTracker(120_000);
    const a = tcp('192.168.1.10:40000', '203.0.113.9:443', { inode: 1 });
    const live = [a];
    expect(t.observe(live, T0)).toEqual([a]);
    expect(t.observe(live, T0 + 2_000)).toEqual([]);
    expect(t.observe(live, T0 + 100_000)).toEqual([]); // a full pass again (after 30 s)
    expect(t.observe(live, T0 + 200_000)).toEqual([]); // seen at 100 s, so not forgotten at 200 s
    const b = tcp('192.168.1.10:40001', '203.0.113.9:443', { inode: 2 });
    expect(t.observe([a, b], T0 + 202_000)).toEqual([b]);
  });
});

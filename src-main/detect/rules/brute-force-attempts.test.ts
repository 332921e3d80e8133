import { describe, expect, it } from 'vitest';
import { HOST_IP, proc, tcp } from '../test-support';
import { BruteForceMemory } from './brute-force-attempts';

const limits = { shortMs: 15_000, windowMs: 120_000, maxTracked: 2 };
const hydra = proc(7, 'hydra');
const ssh = (n: number, over = {}) => tcp(`${HOST_IP}:${40000 + n}`, '192.168.1.50:22', { process: hydra, ...over });

describe('BruteForceMemory', () => {
  it('counts an attempt short when its socket goes within shortMs, long otherwise, and says which targets changed', () => {
    const m = new BruteForceMemory(limits);
    m.record(ssh(1), false, 22, 0);
    m.record(ssh(2), false, 22, 0);
    m.record(ssh(3, { state: 'TIME_WAIT' }), false, 22, 0); // first seen closing: short at once
    const [target] = m.takeChanged();
    expect([target?.attempts.size, target?.short]).toEqual([3, 1]);
    m.closeGone([ssh(2)], 10_000); // ssh(1) is gone after 10 s
    expect(target?.short).toBe(2);
    expect(m.takeChanged()).toEqual([target]);
    m.closeGone([], 20_000); // ssh(2) lived 20 s: not short
    expect(target?.short).toBe(2);
    m.closeGone([], 30_000);
    m.takeChanged();
    expect(m.takeChanged()).toEqual([]); // nothing moved since
  });

  it('forgets attempts closed before the window, then the target', () => {
    const m = new BruteForceMemory(limits);
    m.record(ssh(1, { state: 'TIME_WAIT' }), false, 22, 0);
    m.record(ssh(2, { state: 'TIME_WAIT' }), false, 22, 60_000);
    const [target] = m.takeChanged();
    m.expire(120_000);
    expect(target?.attempts.size).toBe(2);
    m.expire(120_001);
    expect([target?.attempts.size, target?.short]).toEqual([1, 1]);
    m.expire(180_001);
    expect([m.targets.size, target?.removed]).toEqual([0, true]);
  });

  it('evicts the oldest target past maxTracked and keeps inbound targets by port', () => {
    const m = new BruteForceMemory(limits);
    m.record(tcp(`${HOST_IP}:22`, '10.0.0.1:5000', { direction: 'inbound' }), true, 22, 0);
    m.record(tcp(`${HOST_IP}:22`, '10.0.0.2:5000', { direction: 'inbound' }), true, 22, 0);
    m.record(tcp(`${HOST_IP}:22`, '10.0.0.3:5000', { direction: 'inbound' }), true, 22, 0);
    expect([...m.targets.keys()]).toEqual(['in|10.0.0.2|22', 'in|10.0.0.3|22']);
    expect([...(m.inboundByPort.get(22) ?? [])].map((t) => t.peer)).toEqual(['10.0.0.2', '10.0.0.3']);
  });
});

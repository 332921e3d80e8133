import { describe, expect, it } from 'vitest';
import { proc, runRule, T0, tcp, ticks } from '../test-support';
import { HomeNet } from '../../../src-shared/net';
import { firstNetworkUseRule } from './first-network-use';

const curl = proc(400, 'curl', { exe: '/usr/bin/curl' });
const dropped = proc(500, 'kworkerd', { exe: '/tmp/.x/kworkerd' });

describe('first-network-use rule (T1071, a LOW notice)', () => {
  it('learns applications during the first minute and notices one that reaches out later, once', () => {
    // Ticks every 20 s: curl from the start; the dropped tool first at 80 s and again at 100 s.
    const snaps = ticks(6, 20_000, (i) => ({
      connections: [
        tcp('192.168.1.10:50000', '93.184.216.34:443', { process: curl }),
        ...(i >= 4 ? [tcp('192.168.1.10:50001', '198.51.100.7:8443', { process: dropped })] : []),
      ],
    }));
    const perTick = runRule(firstNetworkUseRule(), snaps);
    expect(perTick.slice(0, 4).flat()).toEqual([]);
    expect(perTick[4]).toHaveLength(1);
    expect(perTick[4]?.[0]).toMatchObject({
      key: '/tmp/.x/kworkerd',
      severity: 'LOW',
      destination: { address: '198.51.100.7', port: 8443 },
      evidence: { exe: '/tmp/.x/kworkerd', remote: '198.51.100.7:8443', minutesIntoSession: 1 },
    });
    expect(perTick[4]?.[0]?.title).toBe('kworkerd reached the network for the first time this session');
    expect(perTick[5]).toEqual([]);
  });

  it('ignores loopback, listeners and programs first seen during the learning time', () => {
    const snaps = ticks(3, 40_000, (i) => ({
      connections: [
        tcp('127.0.0.1:50000', '127.0.0.1:5432', { process: proc(1, 'psql', { exe: '/usr/bin/psql' }) }),
        tcp('0.0.0.0:22', '0.0.0.0:0', { state: 'LISTEN', process: proc(2, 'sshd', { exe: '/usr/sbin/sshd' }) }),
        ...(i === 1 ? [tcp('192.168.1.10:50002', '192.168.1.20:445', { process: proc(3, 'smbclient', { exe: '/usr/bin/smbclient' }) })] : []),
      ],
    }));
    expect(runRule(firstNetworkUseRule(), snaps).flat()).toEqual([]);
  });

  it('stays bounded when the host invents executables without end', () => {
    const rule = firstNetworkUseRule({ maxTracked: 100, learningMs: 0 });
    const snaps = ticks(1, 1000, () => ({
      connections: Array.from({ length: 1000 }, (_, i) =>
        tcp(`192.168.1.10:${10_000 + i}`, '203.0.113.9:443', { process: proc(i + 10, `x${i}`, { exe: `/tmp/x${i}` }) }),
      ),
    }));
    const state = rule.createState();
    const findings = rule.evaluate(snaps[0]!, state, { homeNet: new HomeNet([]), now: T0 });
    expect(findings).toHaveLength(1000);
    expect(state.seen.size).toBe(100);
  });
});

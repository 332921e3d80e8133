import { describe, expect, it } from 'vitest';
import { makeSnapshot, proc, runRule, T0, tcp } from '../test-support';
import { knownBadAddressRule } from './known-bad-address';

describe('known-bad-address', () => {
  const lists = [
    { name: 'spamhaus-drop', entries: ['198.51.100.0/24'] },
    { name: 'local-ban', entries: ['203.0.113.9'] },
  ];

  it('names the list and the entry for outbound and inbound sessions, once per process and address', () => {
    const curl = proc(7, 'curl');
    const snaps = [
      makeSnapshot({
        time: T0,
        connections: [
          tcp('192.168.1.10:40000', '198.51.100.23:443', { process: curl }),
          tcp('192.168.1.10:40001', '198.51.100.23:443', { process: curl }),
          tcp('192.168.1.10:22', '203.0.113.9:51000', { direction: 'inbound', process: proc(1, 'sshd') }),
          tcp('192.168.1.10:40002', '192.0.2.1:443', { process: curl }),
        ],
      }),
    ];
    const [findings] = runRule(knownBadAddressRule({ lists }), snaps);
    expect(findings?.map((f) => [f.key, f.evidence.list, f.evidence.entry, f.occurrences])).toEqual([
      ['spamhaus-drop|curl|198.51.100.23', 'spamhaus-drop', '198.51.100.0/24', 2],
      ['local-ban|sshd|203.0.113.9', 'local-ban', '203.0.113.9/32', 1],
    ]);
    expect(findings?.[1]?.title).toBe('Connection from 203.0.113.9, listed in local-ban');
  });

  it('does nothing without lists', () => {
    const snaps = [makeSnapshot({ time: T0, connections: [tcp('192.168.1.10:40000', '198.51.100.23:443')] })];
    expect(runRule(knownBadAddressRule(), snaps)).toEqual([[]]);
  });
});

import { describe, expect, it } from 'vitest';
import { AddressMatcher, parseBadAddressList } from './bad-address-list';

// The shapes of common blocklists' plain-text downloads (addresses from documentation ranges).
const SPAMHAUS_DROP = `; Spamhaus DROP List 2026/11/29 - (c) 2026 The Spamhaus Project SLU
; https://www.spamhaus.org/drop/drop.txt
; Last-Modified: Sat, 29 Nov 2026 10:08:31 GMT
198.51.100.0/24 ; SBL123456
203.0.113.128/25 ; SBL654321
`;
const FIREHOL_NETSET = `#
# firehol_level1
#
# Maintainer      : FireHOL
#
192.0.2.0/24
192.0.2.7
2001:db8:bad::/48
`;
const DSHIELD_BLOCK = `#   DShield.org Recommended Block List
Start\tEnd\tNetblock\tAttacks\tName\tCountry\temail
203.0.113.0\t203.0.113.255\t24\t1422\tEXAMPLE-NET\tZZ\tabuse@example.net
`;

describe('parseBadAddressList', () => {
  it('reads Spamhaus DROP, FireHOL netsets and DShield lines', () => {
    expect(parseBadAddressList(SPAMHAUS_DROP)).toEqual({ entries: ['198.51.100.0/24', '203.0.113.128/25'], skipped: 0 });
    expect(parseBadAddressList(FIREHOL_NETSET)).toEqual({ entries: ['192.0.2.0/24', '192.0.2.7/32', '2001:db8:bad::/48'], skipped: 0 });
    // The header row is not an address: counted as skipped, not fatal.
    expect(parseBadAddressList(DSHIELD_BLOCK)).toEqual({ entries: ['203.0.113.0/24'], skipped: 1, firstSkippedLine: 2 });
  });

  it('skips junk, de-duplicates and stops at the entry cap', () => {
    expect(parseBadAddressList('evil.example\n10.0.0.1\n10.0.0.1\n300.1.1.1\n')).toEqual({ entries: ['10.0.0.1/32'], skipped: 2, firstSkippedLine: 1 });
    expect(parseBadAddressList('1.1.1.1\n2.2.2.2\n3.3.3.3\n', 2).entries).toEqual(['1.1.1.1/32', '2.2.2.2/32']);
    expect(parseBadAddressList('')).toEqual({ entries: [], skipped: 0 });
  });
});

describe('AddressMatcher', () => {
  const matcher = new AddressMatcher(['192.0.2.7/32', '198.51.100.0/24', '203.0.113.128/25', '10.0.0.0/8', '2001:db8:bad::/48']);

  it('names the entry that holds an address', () => {
    expect(matcher.match('192.0.2.7')).toBe('192.0.2.7/32');
    expect(matcher.match('198.51.100.200')).toBe('198.51.100.0/24');
    expect(matcher.match('203.0.113.200')).toBe('203.0.113.128/25');
    expect(matcher.match('10.255.0.1')).toBe('10.0.0.0/8');
    expect(matcher.match('2001:db8:bad:1::5')).toBe('2001:db8:bad::/48');
    expect(matcher.match('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
  });

  it('does not match neighbours or junk', () => {
    for (const address of ['192.0.2.8', '203.0.113.127', '198.51.101.1', '2001:db8:bae::1', 'nonsense', '']) {
      expect(matcher.match(address)).toBeNull();
    }
  });

  it('stays exact over many networks of one prefix length (binary search)', () => {
    const many = new AddressMatcher(Array.from({ length: 5000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`).filter((_, i) => i % 2 === 0));
    expect(many.match('10.0.2.9')).toBe('10.0.2.0/24');
    expect(many.match('10.0.3.9')).toBeNull();
    expect(many.match('10.19.132.1')).toBe('10.19.132.0/24');
  });
});

import { describe, expect, it } from 'vitest';
import { isCidr, isIpv4Address, isIpv6Address } from './cidr-syntax';

describe('isCidr', () => {
  it.each(['10.0.0.0/8', '192.168.1.0/24', '0.0.0.0/0', '255.255.255.255/32', '127.0.0.1/32',
    'fd00::/8', '::/0', '::1/128', '2001:db8::/32', 'fe80::1:2:3:4/64', '2001:db8:0:0:0:0:0:1/128', '::ffff:10.0.0.0/104'])(
    'accepts %s', (text) => {
      expect(isCidr(text)).toBe(true);
    });

  it.each(['', '10.0.0.0', '10.0.0.0/33', '10.0.0/8', '256.0.0.0/8', '10.0.0.0/08', '10.0.0.0/-1', '10.0.0.0/',
    '10.0.0.0/8/8', ' 10.0.0.0/8', '10.0.0.0/8 ', '01.0.0.0/8', 'fd00::/129', '1::2::3/64', 'fd00:::/8', 'g::/8',
    '1:2:3:4:5:6:7:8:9/64', '1:2:3:4:5:6:7/64', '12345::/16', 'localhost/8', '10.0.0.0/8,10.0.0.0/8'])(
    'rejects %j', (text) => {
      expect(isCidr(text)).toBe(false);
    });
});

describe('address syntax', () => {
  it('knows IPv4 from IPv6', () => {
    expect(isIpv4Address('10.1.2.3')).toBe(true);
    expect(isIpv4Address('::1')).toBe(false);
    expect(isIpv6Address('::1')).toBe(true);
    expect(isIpv6Address('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIpv6Address('1:2:3:4:5:6:7::')).toBe(true);
    expect(isIpv6Address('1:2:3:4:5:6:1.2.3.4')).toBe(true);
    expect(isIpv6Address('1:2:3:4:5:6:7:1.2.3.4')).toBe(false);
    expect(isIpv6Address('10.1.2.3')).toBe(false);
  });
});

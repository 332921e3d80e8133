import { describe, expect, it } from 'vitest';
import {
  HomeNet,
  cidrContains,
  homeNetEntryProblem,
  classifyAddress,
  formatIPv6,
  formatIPv6Groups,
  isLinkLocal,
  isLoopback,
  isMulticast,
  isPrivate,
  isUniqueLocal,
  normalizeIp,
  parseCidr,
  parseIp,
  parseIPv4,
  parseIPv6,
  subnetOf,
} from '.';

describe('parseIPv4', () => {
  it('parses dotted quads and rejects anything else', () => {
    expect(parseIPv4('192.168.1.10')).toBe(0xc0a8010a);
    expect(parseIPv4('0.0.0.0')).toBe(0);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-1', 'a.b.c.d', '', '1..2.3', '1.2.3.4.', '.1.2.3', '1.2.3.1000']) {
      expect(parseIPv4(bad), bad).toBeNull();
    }
  });
});

describe('parseIPv6', () => {
  it('expands compressed forms, embedded IPv4, brackets and zone ids', () => {
    expect(parseIPv6('::')).toBe(0n);
    expect(parseIPv6('::1')).toBe(1n);
    expect(parseIPv6('fe80::1%eth0')).toBe((0xfe80n << 112n) | 1n);
    expect(parseIPv6('[2001:db8::5]')).toBe((0x20010db8n << 96n) | 5n);
    expect(parseIPv6('::ffff:10.1.2.3')).toBe((0xffffn << 32n) | 0x0a010203n);
    expect(parseIPv6('64:ff9b::192.0.2.33')).toBe((0x64ff9bn << 96n) | 0xc0000221n);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
    expect(parseIPv6('1:2:3:4:5:6:1.2.3.4')).toBe(0x0001000200030004000500060102_0304n);
  });

  it('rejects malformed text', () => {
    for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', ':1', '1:2:3:4:5:6:7', 'g::1', '12345::', '::1.2.3', '1.2.3.4', '1:::2']) {
      expect(parseIPv6(bad), bad).toBeNull();
    }
  });
});

describe('parseIp / normalizeIp', () => {
  it('gives IPv4-mapped IPv6 as IPv4', () => {
    expect(parseIp('::ffff:192.168.0.1')).toEqual({ family: 4, value: 0xc0a80001 });
    expect(normalizeIp('::FFFF:192.168.0.1')).toBe('192.168.0.1');
    expect(normalizeIp('[::ffff:127.0.0.1]')).toBe('127.0.0.1');
    expect(normalizeIp('[fe80::1%eth0]')).toBe('fe80::1');
    expect(normalizeIp('FD00::2')).toBe('fd00::2');
  });
  it('prints IPv6 in RFC 5952 form', () => {
    expect(normalizeIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeIp('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(normalizeIp('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(formatIPv6(0n)).toBe('::');
    expect(normalizeIp('nonsense')).toBeNull();
  });
  it('compresses the first longest zero run of groups like inet_ntop', () => {
    expect(formatIPv6Groups([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIPv6Groups(new Array(8).fill(0))).toBe('::');
    expect(formatIPv6Groups([1, 0, 2, 3, 4, 5, 6, 7])).toBe('1:0:2:3:4:5:6:7');
  });
  it('answers a repeated IPv6 parse the same way (remembered) and stays bounded under a flood', () => {
    expect(parseIp('fe80::1')).toEqual(parseIp('FE80:0::1'));
    for (let i = 0; i < 20_000; i += 1) parseIp(`2001:db8::${i.toString(16)}`);
    expect(parseIp('2001:db8::1')).toEqual({ family: 6, value: (0x20010db8n << 96n) | 1n });
    expect(parseIp('::1::')).toBeNull();
    expect(parseIp('::1::')).toBeNull();
  });
});

describe('CIDR', () => {
  it('parses, clears host bits and matches', () => {
    const net = parseCidr('192.168.1.77/24');
    expect(net?.text).toBe('192.168.1.0/24');
    expect(net && cidrContains(net, '192.168.1.200')).toBe(true);
    expect(net && cidrContains(net, '192.168.2.1')).toBe(false);
    expect(net && cidrContains(net, '::ffff:192.168.1.5')).toBe(true);
    expect(net && cidrContains(net, 'fe80::1')).toBe(false);
    const v6 = parseCidr('2001:db8:abcd::/48');
    expect(v6 && cidrContains(v6, '2001:db8:abcd:12::1')).toBe(true);
    expect(v6 && cidrContains(v6, '2001:db8:abce::1')).toBe(false);
    expect(parseCidr('0.0.0.0/0')?.text).toBe('0.0.0.0/0');
    expect(parseCidr('10.0.0.1')?.text).toBe('10.0.0.1/32');
    expect(parseCidr('::ffff:10.0.0.0/104')?.text).toBe('10.0.0.0/8');
  });
  it('rejects bad prefixes', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/', '::/129', 'x/8', '10.0.0.0/8/8', '10.0.0.0/abc']) {
      expect(parseCidr(bad), bad).toBeNull();
    }
  });
  it('derives an interface subnet', () => {
    expect(subnetOf('192.0.2.2', 24)?.text).toBe('192.0.2.0/24');
    expect(subnetOf('fd00::2', 64)?.text).toBe('fd00::/64');
    expect(subnetOf('192.0.2.2', 40)).toBeNull();
  });
});

describe('classification', () => {
  it('isLoopback answers the same for repeated and for thousands of distinct addresses (its memo is bounded)', () => {
    for (let i = 0; i < 3000; i++) expect(isLoopback(`${i % 2 === 0 ? 127 : 128}.0.${(i >> 8) & 255}.${i & 255}`)).toBe(i % 2 === 0);
    for (let round = 0; round < 3; round++) {
      expect(isLoopback('127.0.0.1')).toBe(true);
      expect(isLoopback('203.0.113.20')).toBe(false);
      expect(isLoopback('not an address')).toBe(false);
    }
  });

  it('knows the special ranges', () => {
    expect(isLoopback('127.8.9.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::2')).toBe(false);
    expect(isLinkLocal('169.254.3.3')).toBe(true);
    expect(isLinkLocal('fe80::abcd')).toBe(true);
    expect(isPrivate('172.31.255.255')).toBe(true);
    expect(isPrivate('172.32.0.1')).toBe(false);
    expect(isPrivate('10.200.0.1')).toBe(true);
    expect(isUniqueLocal('fd12:3456::1')).toBe(true);
    expect(isUniqueLocal('fe00::1')).toBe(false);
    expect(isMulticast('239.255.255.250')).toBe(true);
    expect(isMulticast('ff02::fb')).toBe(true);
    expect(classifyAddress('0.0.0.0')).toBe('unspecified');
    expect(classifyAddress('::')).toBe('unspecified');
    expect(classifyAddress('255.255.255.255')).toBe('broadcast');
    expect(classifyAddress('8.8.8.8')).toBe('public');
    expect(classifyAddress('2606:4700::1111')).toBe('public');
    expect(classifyAddress('::ffff:10.0.0.1')).toBe('private');
    expect(classifyAddress('bogus')).toBe('invalid');
  });
});

describe('HomeNet', () => {
  it('treats the built-in private ranges as internal and public unicast as external', () => {
    const home = new HomeNet();
    for (const ip of ['10.1.1.1', '192.168.0.10', '172.16.5.5', '127.0.0.1', '169.254.1.1', '::1', 'fe80::1', 'fd00::7']) {
      expect(home.isInternal(ip), ip).toBe(true);
      expect(home.isExternal(ip), ip).toBe(false);
    }
    for (const ip of ['8.8.8.8', '203.0.113.9', '2a00:1450::1']) {
      expect(home.isInternal(ip), ip).toBe(false);
      expect(home.isExternal(ip), ip).toBe(true);
    }
  });

  it('counts neither multicast, broadcast, unspecified nor garbage as external', () => {
    const home = new HomeNet();
    for (const ip of ['224.0.0.251', 'ff02::1', '255.255.255.255', '0.0.0.0', '::', 'not-an-ip', '']) {
      expect(home.isExternal(ip), ip).toBe(false);
      expect(home.isInternal(ip), ip).toBe(false);
    }
  });

  it('adds user CIDRs and remembers the invalid ones', () => {
    const home = new HomeNet(['100.64.0.0/10', 'oops/8']);
    expect(home.isInternal('100.100.1.1')).toBe(true);
    expect(home.isExternal('100.100.1.1')).toBe(false);
    expect(home.invalid).toEqual(['oops/8']);
  });

  it('adds the host interface subnets and follows their changes', () => {
    // The addresses of this machine's eth0 (see `ip -br addr`): a TEST-NET-1 address and a ULA.
    const home = new HomeNet();
    expect(home.isExternal('192.0.2.77')).toBe(true);
    home.setLocalAddresses([
      { iface: 'lo', address: '127.0.0.1', prefixLength: 8, family: 4 },
      { iface: 'eth0', address: '192.0.2.2', prefixLength: 24, family: 4 },
      { iface: 'eth0', address: 'fd00::2', prefixLength: 64, family: 6 },
    ]);
    expect(home.isInternal('192.0.2.77')).toBe(true);
    expect(home.isLocalHost('192.0.2.2')).toBe(true);
    expect(home.isLocalHost('192.0.2.77')).toBe(false);
    expect(home.cidrs()).toContain('192.0.2.0/24');
    home.setLocalAddresses([{ iface: 'eth0', address: '198.51.100.4', prefixLength: 24, family: 4 }]);
    expect(home.isInternal('192.0.2.77')).toBe(false);
    expect(home.isInternal('198.51.100.200')).toBe(true);
  });

  it('ignores a /0 interface prefix rather than making everything internal', () => {
    const home = new HomeNet([], [{ iface: 'tun0', address: '203.0.113.5', prefixLength: 0, family: 4 }]);
    expect(home.isExternal('8.8.8.8')).toBe(true);
    expect(home.isLocalHost('203.0.113.5')).toBe(true);
  });
});

describe('HOME_NET refuses prefixes shorter than /8', () => {
  it('names the problem for /0 and /1 and accepts /8 and longer', () => {
    for (const broad of ['0.0.0.0/0', '::/0', '128.0.0.0/1', '10.0.0.0/7']) {
      expect(homeNetEntryProblem(broad), broad).toMatch(/is refused: a prefix shorter than \/8 would count most or all of the Internet as internal/);
    }
    for (const fine of ['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8', '2001:db8::/32']) expect(homeNetEntryProblem(fine), fine).toBeUndefined();
    expect(homeNetEntryProblem('not-a-cidr')).toMatch(/is not a CIDR/);
  });

  it('keeps a refused entry out of HomeNet, so external addresses stay external', () => {
    const homeNet = new HomeNet(['0.0.0.0/0', '::/0', '100.64.0.0/10']);
    expect(homeNet.refused).toHaveLength(2);
    expect(homeNet.isExternal('8.8.8.8')).toBe(true);
    expect(homeNet.isExternal('2001:4860::8888')).toBe(true);
    expect(homeNet.isExternal('100.64.1.1')).toBe(false);
  });
});

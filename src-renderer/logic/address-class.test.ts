import { describe, expect, it } from 'vitest';
import { externalAddressClassifier } from './address-class';

describe('externalAddressClassifier', () => {
  const isExternal = externalAddressClassifier();

  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.10', '169.254.3.4', '0.0.0.0',
    '::1', '::', 'fe80::1%eth0', 'fd12:3456::1', '::ffff:192.168.0.1',
  ])('%s is internal', (address) => {
    expect(isExternal(address)).toBe(false);
  });

  it.each(['8.8.8.8', '172.32.0.1', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.4.4'])('%s is external', (address) => {
    expect(isExternal(address)).toBe(true);
  });

  it('treats HOME_NET ranges as internal', () => {
    const withHome = externalAddressClassifier(['203.0.113.0/24', '2001:db8::/32']);
    expect(withHome('203.0.113.7')).toBe(false);
    expect(withHome('203.0.114.7')).toBe(true);
    expect(withHome('2001:db8:1::5')).toBe(false);
  });

  it('does not call garbage external', () => {
    expect(isExternal('not-an-address')).toBe(false);
    expect(isExternal('1.2.3')).toBe(false);
  });
});

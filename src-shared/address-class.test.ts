import { describe, expect, it } from 'vitest';
import type { Connection } from './model';
import { capturedSnapshot } from '../src-renderer/store/fixtures/captured';
import { addressesKey, externalAddressClassifier, hostAddresses } from './address-class';

describe('externalAddressClassifier', () => {
  const isExternal = externalAddressClassifier();

  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.10', '169.254.3.4', '::1', 'fe80::1', 'fd12:3456::1', '::ffff:192.168.0.1'])(
    '%s is internal',
    (address) => {
      expect(isExternal(address)).toBe(false);
    },
  );

  it.each(['8.8.8.8', '172.32.0.1', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.4.4'])('%s is external', (address) => {
    expect(isExternal(address)).toBe(true);
  });

  it('is neither for unspecified, multicast and garbage', () => {
    expect(isExternal('0.0.0.0')).toBe(false);
    expect(isExternal('224.0.0.251')).toBe(false);
    expect(isExternal('not-an-address')).toBe(false);
  });

  it('treats HOME_NET ranges and the host subnets as internal', () => {
    const withHome = externalAddressClassifier(['203.0.113.0/24'], [{ iface: 'eth0', address: '198.51.100.7', prefixLength: 24, family: 4 }]);
    expect(withHome('203.0.113.7')).toBe(false);
    expect(withHome('198.51.100.200')).toBe(false);
    expect(withHome('203.0.114.7')).toBe(true);
  });
});

describe('hostAddresses', () => {
  const snapshot = capturedSnapshot();

  it('falls back to the local ends of real sockets, as single hosts', () => {
    const addresses = hostAddresses({ ...snapshot, localAddresses: undefined });
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every((a) => a.prefixLength === (a.family === 4 ? 32 : 128))).toBe(true);
    expect(addresses.some((a) => a.address === '0.0.0.0')).toBe(false);
  });

  it('makes the host own address internal even when it is public', () => {
    const connection: Connection = {
      protocol: 'tcp',
      family: 4,
      state: 'ESTABLISHED',
      localAddress: '192.0.2.10',
      localPort: 5000,
      remoteAddress: '192.0.2.10',
      remotePort: 22,
      inode: 1,
      direction: 'local',
    };
    const local = hostAddresses({ connections: [connection], listening: [] });
    expect(externalAddressClassifier([], local)('192.0.2.10')).toBe(false);
    expect(externalAddressClassifier([], local)('192.0.2.11')).toBe(true);
  });

  it('prefers the interface list when main sends it', () => {
    const listed = [{ iface: 'eth0', address: '192.0.2.10', prefixLength: 24, family: 4 as const }];
    expect(hostAddresses({ connections: [], listening: [], localAddresses: listed })).toBe(listed);
    expect(addressesKey(listed)).toBe('192.0.2.10/24');
  });
});

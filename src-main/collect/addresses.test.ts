import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { interfaceAddresses, parseIpAddr } from './addresses';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sortKey = (a: { iface: string; address: string }): string => `${a.iface} ${a.address}`;

describe('interface addresses', () => {
  it('gives the same addresses and prefixes from os.networkInterfaces() and `ip -o addr`', () => {
    const fromOs = interfaceAddresses(JSON.parse(fixture('os-network-interfaces.json')));
    const fromIp = parseIpAddr(fixture('ip-o-addr.txt'));
    expect(fromOs.map(sortKey).sort()).toEqual(fromIp.map(sortKey).sort());
    expect(fromIp).toContainEqual({ iface: 'lo', address: '127.0.0.1', prefixLength: 8, family: 4 });
    expect(fromIp).toContainEqual({ iface: 'eth0', address: 'fd00::2', prefixLength: 64, family: 6 });
    expect(fromOs).toContainEqual({ iface: 'eth0', address: '192.0.2.2', prefixLength: 24, family: 4 });
  });

  it('skips an `ip -o addr` line whose address is not an IP', () => {
    expect(
      parseIpAddr(
        '2: eth0    inet 192.0.2.999/24 brd 192.0.2.255 scope global eth0\n3: eth1    inet6 fd00::zz/64 scope global\n' +
          '4: eth2    inet 198.51.100.2/24 scope global eth2\n',
      ),
    ).toEqual([{ iface: 'eth2', address: '198.51.100.2', prefixLength: 24, family: 4 }]);
  });

  it('reads the live interfaces (loopback is always there)', () => {
    expect(interfaceAddresses(os.networkInterfaces())).toContainEqual({ iface: 'lo', address: '127.0.0.1', prefixLength: 8, family: 4 });
  });
});

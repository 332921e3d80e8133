import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpRouteDefault, parseProcNetRoute, withGatewayMac } from './gateway';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('default gateway', () => {
  it('reads it from /proc/net/route and from `ip route show default`, which agree', () => {
    const fromProc = parseProcNetRoute(fixture('proc-net-route.txt'));
    const fromIp = parseIpRouteDefault(fixture('ip-route-default.txt'));
    expect(fromProc).toEqual({ ip: '192.0.2.1', iface: 'eth0' });
    expect(fromIp).toEqual(fromProc);
  });

  it('picks the lowest metric and ignores garbage; none without a default route', () => {
    const lines = fixture('proc-net-route.txt').split('\n');
    const second = 'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t50\t00000000\t0\t0\t0';
    expect(parseProcNetRoute([lines[0], second, 'garbage', ...lines.slice(1)].join('\n'))).toEqual({ ip: '192.0.2.1', iface: 'eth0' });
    expect(parseProcNetRoute([lines[0], second].join('\n'))).toEqual({ ip: '192.168.1.1', iface: 'wlan0' });
    expect(parseProcNetRoute([lines[0], lines[2]].join('\n'))).toBeUndefined();
    expect(parseIpRouteDefault('')).toBeUndefined();
  });

  it('takes the address after `via [inet|inet6]` and skips a next hop that is not an IP', () => {
    expect(parseIpRouteDefault('default via inet6 fe80::1 dev eth0 proto static\n')).toEqual({ ip: 'fe80::1', iface: 'eth0' });
    expect(parseIpRouteDefault('default via gateway.lan dev eth0\ndefault via 192.0.2.9 dev eth1 metric 200\n')).toEqual({ ip: '192.0.2.9', iface: 'eth1' });
    expect(parseIpRouteDefault('default dev wg0 scope link\n')).toBeUndefined();
  });

  it('takes the gateway MAC from the neighbour table', () => {
    const neighbours = [{ ip: '192.0.2.1', mac: '02:fc:00:00:00:05', iface: 'eth0', state: 'STALE' as const }];
    expect(withGatewayMac({ ip: '192.0.2.1', iface: 'eth0' }, neighbours)?.mac).toBe('02:fc:00:00:00:05');
    expect(withGatewayMac({ ip: '192.0.2.9', iface: 'eth0' }, neighbours)?.mac).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseResolvConf, usesResolvedStub } from './dns';

describe('resolv.conf', () => {
  it('reads nameservers in order', () => {
    const servers = parseResolvConf(readFileSync(new URL('./fixtures/resolv.conf.txt', import.meta.url), 'utf8'));
    expect(servers).toEqual(['10.255.255.53']);
    expect(usesResolvedStub(servers)).toBe(false);
  });

  it('drops comments, zones and duplicates and spots the systemd-resolved stub', () => {
    const text = '# generated\nnameserver 127.0.0.53\noptions edns0\nnameserver fe80::1%eth0\nnameserver 127.0.0.53\n;nameserver 9.9.9.9\nsearch lan\n';
    expect(parseResolvConf(text)).toEqual(['127.0.0.53', 'fe80::1']);
    expect(usesResolvedStub(parseResolvConf(text))).toBe(true);
  });

  it('skips a nameserver that is not an IP address', () => {
    expect(parseResolvConf('nameserver dns.example\nnameserver 10.0.0.300\nnameserver \u001b[2J\nnameserver 9.9.9.9\n')).toEqual(['9.9.9.9']);
  });
});

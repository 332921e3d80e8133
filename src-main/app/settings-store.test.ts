import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { SETTINGS_FILE_NAME, SettingsStore } from './settings-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netsentinel-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('starts from defaults when there is no file, without warnings', async () => {
    const store = new SettingsStore(dir);
    expect(await store.load()).toEqual({ settings: DEFAULT_SETTINGS, warnings: [] });
  });

  it('persists an update and reads it back in a new store', async () => {
    const store = new SettingsStore(dir);
    await store.load();
    const saved = await store.update({ intervalSec: 5, homeNet: ['10.0.0.0/8'] });
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, intervalSec: 5, homeNet: ['10.0.0.0/8'] });
    const again = new SettingsStore(dir);
    expect((await again.load()).settings).toEqual(saved);
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE_NAME), 'utf8'))).toEqual(saved);
  });

  it('creates the user-data folder if it does not exist yet', async () => {
    const store = new SettingsStore(join(dir, 'nested', 'userData'));
    await store.load();
    await store.update({ notifications: false });
    expect((await new SettingsStore(join(dir, 'nested', 'userData')).load()).settings.notifications).toBe(false);
  });

  it('leaves no temporary files behind', async () => {
    const store = new SettingsStore(dir);
    await store.update({ intervalSec: 3 });
    await store.update({ intervalSec: 4 });
    expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
  });

  it('applies concurrent updates in call order', async () => {
    const store = new SettingsStore(dir);
    await Promise.all([store.update({ intervalSec: 3 }), store.update({ notifications: false }), store.update({ intervalSec: 7 })]);
    expect((await new SettingsStore(dir).load()).settings).toEqual({ ...DEFAULT_SETTINGS, intervalSec: 7, notifications: false });
  });

  it('rejects an invalid patch and keeps the file and memory unchanged', async () => {
    const store = new SettingsStore(dir);
    await store.update({ intervalSec: 3 });
    await expect(store.update({ intervalSec: 0 })).rejects.toThrow(/^intervalSec: must be a number between 0.5 and 3600 seconds, got 0$/);
    await expect(store.update({ colour: 'red' })).rejects.toThrow(/unknown setting/);
    expect(store.get().intervalSec).toBe(3);
    expect((await new SettingsStore(dir).load()).settings.intervalSec).toBe(3);
  });

  it('moves a corrupt file aside, warns, and uses defaults', async () => {
    const garbage = '{"intervalSec": 5, "homeNet": [';
    await writeFile(join(dir, SETTINGS_FILE_NAME), garbage);
    const store = new SettingsStore(dir);
    const loaded = await store.load(() => 1700000000000);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.warnings.join('\n')).toMatch(/not valid JSON/);
    expect(loaded.warnings.join('\n')).toContain(`${SETTINGS_FILE_NAME}.corrupt-1700000000000`);
    expect(await readFile(join(dir, `${SETTINGS_FILE_NAME}.corrupt-1700000000000`), 'utf8')).toBe(garbage);
    await store.update({ notifications: false });
    expect((await readdir(dir)).sort()).toEqual([SETTINGS_FILE_NAME, `${SETTINGS_FILE_NAME}.corrupt-1700000000000`]);
  });

  it('treats valid JSON that is not an object as corrupt', async () => {
    await writeFile(join(dir, SETTINGS_FILE_NAME), '[1,2,3]');
    const loaded = await new SettingsStore(dir).load(() => 42);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.warnings.join('\n')).toContain('corrupt-42');
  });

  it('keeps the valid keys of a partly invalid file and names the invalid ones', async () => {
    await writeFile(join(dir, SETTINGS_FILE_NAME), JSON.stringify({ intervalSec: 5000, homeNet: ['192.168.0.0/16'], notifications: false }));
    const loaded = await new SettingsStore(dir).load();
    expect(loaded.settings).toEqual({ ...DEFAULT_SETTINGS, homeNet: ['192.168.0.0/16'], notifications: false });
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(/"intervalSec".*invalid \(intervalSec: must be a number between 0.5 and 3600 seconds, got 5000\)/);
  });

  it('refuses a saved HOME_NET broader than /8 out loud and falls back to the default', async () => {
    await writeFile(join(dir, SETTINGS_FILE_NAME), JSON.stringify({ homeNet: ['0.0.0.0/0'], notifications: false }));
    const loaded = await new SettingsStore(dir).load();
    expect(loaded.settings).toEqual({ ...DEFAULT_SETTINGS, notifications: false });
    expect(loaded.warnings).toEqual([expect.stringMatching(/"homeNet".*invalid \(homeNet.0: "0.0.0.0\/0" is refused: a prefix shorter than \/8/)]);
    await expect(new SettingsStore(dir).update({ homeNet: ['::/0'] })).rejects.toThrow(/is refused/);
  });

  it('does not hand out its internal state', async () => {
    const store = new SettingsStore(dir);
    await store.update({ homeNet: ['10.0.0.0/8'] });
    store.get().homeNet.push('evil');
    expect(store.get().homeNet).toEqual(['10.0.0.0/8']);
  });

  it('reports a write failure and keeps the previous settings', async () => {
    const store = new SettingsStore(dir);
    await store.update({ intervalSec: 3 });
    // A directory in the file's place makes the final rename fail, even for root.
    await rm(join(dir, SETTINGS_FILE_NAME));
    await mkdir(join(dir, SETTINGS_FILE_NAME));
    await expect(store.update({ intervalSec: 9 })).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    expect(store.get().intervalSec).toBe(3);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('warns when the file exists but cannot be read', async () => {
    await mkdir(join(dir, SETTINGS_FILE_NAME));
    const loaded = await new SettingsStore(dir).load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.warnings.join('\n')).toMatch(/Could not read .*EISDIR/);
  });
});

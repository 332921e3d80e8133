// Checks electron-builder.yml offline with electron-builder's own loader and JSON-schema validation.
// Packaging itself (which downloads Electron) is not run here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { ROOT } from './build-output';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };

async function loadConfig(): Promise<Configuration> {
  return getConfig(ROOT, null, null);
}

function targetsOf(platformConfig: unknown): string[] {
  const target = (platformConfig as { target?: unknown } | undefined)?.target;
  const list = Array.isArray(target) ? target : target === undefined ? [] : [target];
  return list.map((entry) => (typeof entry === 'string' ? entry : (entry as { target: string }).target));
}

function pngSize(path: string): { width: number; height: number } {
  const data = readFileSync(path);
  expect(data.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('is found by electron-builder and passes its schema validation', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('org.netsentinel.app');
    expect(config.productName).toBe('NetSentinel');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would reject a misspelt option (the validation is live)', async () => {
    const config = { ...(await loadConfig()), linux: { targett: ['deb'] } } as unknown as Configuration;
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object[\s\S]*configuration\.linux/);
  });

  it('builds deb and AppImage on Linux, dmg on macOS, nsis on Windows, into dist/', async () => {
    const config = await loadConfig();
    expect(targetsOf(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(config.directories?.output).toBe('dist');
    expect(config.publish).toBeNull();
  });

  it('packages the electron-vite output and package.json, whose main is inside it', async () => {
    const config = await loadConfig();
    // electron-builder normalises `files` to file sets: [{ filter: [...] }].
    const patterns = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    expect(patterns).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(patterns.filter((p) => !p.startsWith('!') && !p.startsWith('out/') && p !== 'package.json')).toEqual([]);
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('has an icon large enough for every platform (macOS needs 512x512 or more)', async () => {
    const config = await loadConfig();
    for (const platform of [config.linux, config.mac, config.win]) {
      const icon = (platform as { icon?: string } | undefined)?.icon ?? '';
      expect(existsSync(join(ROOT, icon)), icon).toBe(true);
      const size = pngSize(join(ROOT, icon));
      expect(size.width).toBeGreaterThanOrEqual(512);
      expect(size.height).toBe(size.width);
    }
  });

  it('flips the Electron fuses that close outside code paths into the packaged app', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Fuses act on the asar archive: without it OnlyLoadAppFromAsar would leave no app to load.
    expect(config.asar).toBe(true);
  });

  it('would reject a misspelt fuse (the schema knows electronFuses)', async () => {
    const config = { ...(await loadConfig()), electronFuses: { runAsNodee: false } } as unknown as Configuration;
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('is what `npm run dist` uses, after a full build', () => {
    expect(pkg.scripts['dist']).toMatch(/^npm run build && electron-builder\b/);
    expect(pkg.scripts['build']).toMatch(/electron-vite build/);
  });
});

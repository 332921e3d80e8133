// Inspects the built main process for the window security settings and the paths it loads.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, EVENT_CHANNELS } from '../../src-shared/api';
import { BUILT, missingBuild, ROOT } from './build-output';

const skipReason = missingBuild(BUILT.main);
const source = skipReason ? '' : readFileSync(BUILT.main, 'utf8');

describe.skipIf(skipReason)('built main (out/main/index.js)', () => {
  it('is what package.json starts', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(join(ROOT, pkg.main)).toBe(BUILT.main);
  });

  it('turns isolation and the sandbox on and Node off', () => {
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true', 'webviewTag: false']) {
      expect(source).toContain(setting);
    }
    expect(source).not.toMatch(/contextIsolation:\s*false|sandbox:\s*false|nodeIntegration:\s*true|webSecurity:\s*false|allowRunningInsecureContent:\s*true/);
  });

  it('guards navigation, new windows, permissions and the instance', () => {
    for (const guard of [
      '"will-navigate"',
      'setWindowOpenHandler',
      'action: "deny"',
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'onHeadersReceived',
      'Content-Security-Policy',
      'requestSingleInstanceLock',
      '"before-quit"',
    ]) {
      expect(source).toContain(guard);
    }
  });

  it('loads the CommonJS preload, and the built renderer beside it through app:// (never file://)', () => {
    expect(source).toContain('"../preload/index.cjs"');
    expect(source).toContain('"../renderer/"');
    expect(source).toContain('registerSchemesAsPrivileged(');
    expect(source).toContain('protocol.handle(');
    expect(source).toContain('app://');
    expect(source).not.toContain('loadFile(');
    expect(source).toContain('ELECTRON_RENDERER_URL');
    expect(existsSync(BUILT.preload)).toBe(true);
  });

  it('handles every invoke channel and sends every event channel', () => {
    for (const channel of [...Object.values(INVOKE_CHANNELS), ...Object.values(EVENT_CHANNELS)]) expect(source).toContain(`"${channel}"`);
    expect(source).toContain('ipcMain.handle(');
  });
});

/** The files main loads: index.js and every chunk it imports, statically or dynamically, transitively. */
function mainBundleFiles(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (path: string): void => {
    if (files.has(path)) return;
    const text = readFileSync(path, 'utf8');
    files.set(path, text);
    for (const match of text.matchAll(/(?:from\s*|import\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)) visit(resolve(dirname(path), match[1] ?? ''));
  };
  visit(entry);
  return files;
}

/** The source modules a bundle holds, from the `// src-…/x.ts` markers the unminified build keeps. */
function bundledModules(text: string): string[] {
  return [...text.matchAll(/^\/\/ ((?:src-main|src-shared)\/\S+\.ts)$/gm)].map((match) => match[1] ?? '');
}

describe.skipIf(skipReason)('main never runs a collector: the core is a separate bundle for the utilityProcess', () => {
  const files = skipReason ? new Map<string, string>() : mainBundleFiles(BUILT.main);
  const mainModules = [...files.values()].flatMap(bundledModules);
  const coreModules = skipReason ? [] : bundledModules(readFileSync(BUILT.core, 'utf8'));

  it('main holds the app modules and no collector, rule, session or core module', () => {
    expect(mainModules).toContain('src-main/app/main.ts');
    expect(mainModules).toContain('src-main/app/core-supervisor.ts');
    expect(mainModules.filter((module) => /^src-main\/(collect|detect|session|core)\//.test(module))).toEqual([]);
    expect(files.has(BUILT.core)).toBe(false);
  });

  it('main imports neither systeminformation nor child processes, and reads no /proc', () => {
    for (const [path, text] of files) {
      expect(text, path).not.toMatch(/from\s*["'](systeminformation|node:child_process|child_process|node:worker_threads)["']/);
      expect(text, path).not.toMatch(/["']\/proc\//);
    }
  });

  it('the core bundle holds the collectors, the engine and the session, and main forks it', () => {
    expect(coreModules).toEqual(
      expect.arrayContaining([
        'src-main/core/core-entry.ts',
        'src-main/collect/linux/collector.ts',
        'src-main/detect/engine.ts',
        'src-main/session/monitor-session.ts',
      ]),
    );
    expect(source).toContain('utilityProcess.fork(');
    expect(source).toContain('"./core.js"');
  });
});

const rendererSkip = missingBuild(BUILT.rendererHtml);
describe.skipIf(rendererSkip)('built renderer page (out/renderer/index.html)', () => {
  const html = rendererSkip ? '' : readFileSync(BUILT.rendererHtml, 'utf8');

  it('carries a strict Content-Security-Policy meta tag (the same policy the app:// handler sends)', () => {
    const meta = /<meta[^>]+http-equiv=(["'])Content-Security-Policy\1[^>]*content=(["'])(.+?)\2/is.exec(html);
    expect(meta, 'a CSP meta tag in index.html').not.toBeNull();
    const policy = meta?.[3] ?? '';
    expect(policy).toMatch(/object-src 'none'/);
    const scriptSrc = /script-src ([^;]+)/.exec(policy)?.[1] ?? /default-src ([^;]+)/.exec(policy)?.[1] ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('has no inline scripts and no remote scripts', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    for (const [, attributes = '', body = ''] of scripts) {
      expect(body.trim(), 'inline script body').toBe('');
      expect(attributes).not.toMatch(/src=["']?(https?:)?\/\//i);
    }
  });
});

// Inspects the built main process for the window security settings and the paths it loads.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    for (const guard of ['"will-navigate"', 'setWindowOpenHandler', 'action: "deny"', 'setPermissionRequestHandler', 'setPermissionCheckHandler',
      'onHeadersReceived', 'Content-Security-Policy', 'requestSingleInstanceLock', '"before-quit"']) {
      expect(source).toContain(guard);
    }
  });

  it('loads the CommonJS preload and the built renderer that sit beside it', () => {
    expect(source).toContain('"../preload/index.cjs"');
    expect(source).toContain('"../renderer/index.html"');
    expect(source).toContain('ELECTRON_RENDERER_URL');
    expect(existsSync(BUILT.preload)).toBe(true);
  });

  it('handles every invoke channel and sends every event channel', () => {
    for (const channel of [...Object.values(INVOKE_CHANNELS), ...Object.values(EVENT_CHANNELS)]) expect(source).toContain(`"${channel}"`);
    expect(source).toContain('ipcMain.handle(');
  });
});

const rendererSkip = missingBuild(BUILT.rendererHtml);
describe.skipIf(rendererSkip)('built renderer page (out/renderer/index.html)', () => {
  const html = rendererSkip ? '' : readFileSync(BUILT.rendererHtml, 'utf8');

  it('carries a strict Content-Security-Policy meta tag (file:// pages get no headers)', () => {
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

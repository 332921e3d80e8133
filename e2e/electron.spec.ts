// The real Electron app through Playwright's _electron: window security, app://, the preload API, the menu,
// export, and the core in its utilityProcess (killed and restarted).
// Runs wherever an Electron binary exists (and a display); skips here, saying why. Needs `npx electron-vite build`.
// The one stand-in: the native save/message dialogs, replaced in the main process through electronApp.evaluate.
import { _electron as electron, expect, test as base, type ElectronApplication, type Page } from '@playwright/test';
import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportResult, NetSentinelApi } from '../src-shared/api';
import type { MonitorSettings } from '../src-shared/settings';
import type { Report } from '../src-shared/report';
import { API_METHODS } from './build/api-methods';
import { openLoopbackPair } from './support/sockets';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_MAIN = join(ROOT, 'out', 'main', 'index.js');
const MENU = { start: 'start-monitoring', stop: 'stop-monitoring', exportReport: 'export-report', quit: 'quit', attack: 'attack-website' };
// Read, not imported: Playwright's ESM loader refuses a JSON import without `with { type: 'json' }`.
const REPORT_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'src-shared', 'report.schema.json'), 'utf8')) as object;
const validateReport = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA);

/** The Electron executable, or why there is none. Never require('electron'): without its binary that starts a download. */
function findElectron(): { executable: string } | { reason: string } {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      reason: `no Electron binary: ${pathFile} is missing (Electron 45 fetches its binary on first run, not at install; fetch it with: npx install-electron)`,
    };
  }
  const executable = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) return { reason: `no Electron binary at ${executable}` };
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { reason: 'no display for Electron (DISPLAY and WAYLAND_DISPLAY unset); run under xvfb-run' };
  }
  return { executable };
}

const found = findElectron();
const skipReason = 'reason' in found ? found.reason : undefined;
if (skipReason) console.log(`electron.spec.ts skipped: ${skipReason}`);

/** What the page sees; typed here because the e2e tsconfig has no DOM library. Used inline: page.evaluate bodies run in the page. */
interface PageGlobals {
  netsentinel: NetSentinelApi;
  require?: unknown;
  process?: unknown;
  module?: unknown;
  location: { href: string };
  open(url: string): unknown;
  navigator: { permissions: { query(d: { name: string }): Promise<{ state: string }> } };
}

interface Fixtures {
  userDataDir: string;
  app: ElectronApplication;
  page: Page;
}

const test = base.extend<Fixtures>({
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'netsentinel-e2e-userdata-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  app: async ({ userDataDir }, use) => {
    if (!('executable' in found)) throw new Error('unreachable: the suite is skipped without Electron');
    if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run \`npx electron-vite build\` first`);
    const app = await electron.launch({
      executablePath: found.executable,
      // Chromium refuses to run as root with its OS sandbox; the window's own sandbox setting is what we test.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ROOT],
      env: { ...process.env, NETSENTINEL_USER_DATA_DIR: userDataDir, ELECTRON_RENDERER_URL: '' },
      timeout: 60_000,
    });
    await use(app);
    await app.close().catch(() => undefined);
  },
  page: async ({ app }, use) => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await use(page);
  },
});

test.describe.configure({ mode: 'serial' });
test.skip(skipReason !== undefined, skipReason);

/** Replaces the native save dialog in the main process with one that answers `filePath`. */
async function answerSaveDialogWith(app: ElectronApplication, filePath: string): Promise<void> {
  await app.evaluate(({ dialog }, path) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
  }, filePath);
}

async function startAndWaitForBatch(page: Page): Promise<number> {
  await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.start());
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const off = (globalThis as unknown as PageGlobals).netsentinel.onBatch((batch) => {
          off();
          resolve(batch.seq);
        });
      }),
  );
}

async function menuItem(app: ElectronApplication, id: string) {
  return app.evaluate(({ Menu }, itemId) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(itemId);
    return item ? { label: item.label, accelerator: item.accelerator ?? '', enabled: item.enabled } : undefined;
  }, id);
}

async function readValidReport(path: string): Promise<Report> {
  const report = JSON.parse(await readFile(path, 'utf8')) as Report;
  const valid = validateReport(report);
  expect(validateReport.errors ?? [], 'schema errors').toEqual([]);
  expect(valid).toBe(true);
  return report;
}

test('opens one window with isolation and the sandbox on and Node off', async ({ app, page }) => {
  await expect(page).toHaveTitle(/NetSentinel/);
  const windows = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((win) => {
      const prefs = (win.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
      return {
        contextIsolation: prefs['contextIsolation'],
        sandbox: prefs['sandbox'],
        nodeIntegration: prefs['nodeIntegration'],
        nodeIntegrationInSubFrames: prefs['nodeIntegrationInSubFrames'],
        webSecurity: prefs['webSecurity'],
        webviewTag: prefs['webviewTag'],
        preload: String(prefs['preload'] ?? ''),
      };
    }),
  );
  expect(windows).toHaveLength(1);
  expect(windows[0]).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
  });
  expect(windows[0]?.preload).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
  // Served by the strict app:// handler, never from file://.
  expect(page.url()).toBe('app://netsentinel/index.html');
});

test('the core runs in a utilityProcess; killed, it is restarted, the window says so and no alert is lost', async ({ app, page }) => {
  const corePid = async (): Promise<number | undefined> =>
    app.evaluate(
      ({ app: electronApp }) => electronApp.getAppMetrics().find((metric) => metric.type === 'Utility' && metric.serviceName === 'NetSentinel core')?.pid,
    );
  const bad = await openLoopbackPair([4444, 4445, 1337, 31337]);
  let before: string[] = [];
  try {
    await startAndWaitForBatch(page);
    await expect
      .poll(async () => (await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.getState())).alerts.map((alert) => alert.id), {
        timeout: 20_000,
      })
      .toContainEqual(expect.stringMatching(/^non-standard-port:/));
    before = (await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.getState())).alerts.map((alert) => alert.id);
  } finally {
    await bad.close();
  }
  const pid = await corePid();
  expect(pid).toBeGreaterThan(0);
  expect(pid).not.toBe(app.process().pid);
  process.kill(pid ?? 0, 'SIGKILL');
  await expect(page.getByRole('alert')).toContainText('The monitoring core stopped unexpectedly', { timeout: 15_000 });
  await expect.poll(corePid, { timeout: 20_000 }).not.toBe(pid);
  const after = await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.getState());
  expect(after.status.state).toBe('running');
  expect(after.alerts.map((alert) => alert.id)).toEqual(expect.arrayContaining(before));
});

test('the page sees window.netsentinel with exactly the API methods, and no Node', async ({ page }) => {
  const seen = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return {
      require: typeof g.require,
      process: typeof g.process,
      module: typeof g.module,
      methods: Object.keys(g.netsentinel).sort(),
      allFunctions: Object.values(g.netsentinel).every((value) => typeof value === 'function'),
    };
  });
  expect(seen).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', methods: API_METHODS, allFunctions: true });
});

test('the page cannot navigate away, open windows or get permissions', async ({ app, page }) => {
  const before = page.url();
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'file:///etc/hostname';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('file:///etc/hostname') === null)).toBe(true);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  expect(await page.evaluate(async () => (await (globalThis as unknown as PageGlobals).navigator.permissions.query({ name: 'geolocation' })).state)).toBe(
    'denied',
  );
});

test('IPC rejects invalid arguments', async ({ page }) => {
  const error = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).netsentinel.updateSettings({ intervalSec: 0 } as Partial<MonitorSettings>).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(error).toMatch(/intervalSec: must be a number between 0.5 and 3600 seconds, got 0/);
  const unknownKey = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).netsentinel.updateSettings({ shell: 'rm -rf /' } as unknown as Partial<MonitorSettings>).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(unknownKey).toMatch(/unknown setting/);
});

test('settings persist as JSON in the user-data folder', async ({ page, userDataDir }) => {
  const saved = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).netsentinel.updateSettings({ intervalSec: 1, homeNet: ['10.0.0.0/8'], notifications: false }),
  );
  expect(saved).toMatchObject({ intervalSec: 1, homeNet: ['10.0.0.0/8'], notifications: false, suppressions: [] });
  expect(JSON.parse(await readFile(join(userDataDir, 'settings.json'), 'utf8'))).toEqual(saved);
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.getSettings())).toEqual(saved);
});

test('the menu has the commands with accelerators, enabled by session state', async ({ app, page }) => {
  expect(await menuItem(app, MENU.start)).toEqual({ label: 'Start Monitoring', accelerator: 'CmdOrCtrl+R', enabled: true });
  expect(await menuItem(app, MENU.stop)).toEqual({ label: 'Stop Monitoring', accelerator: 'CmdOrCtrl+.', enabled: false });
  expect(await menuItem(app, MENU.exportReport)).toEqual({ label: 'Export Report…', accelerator: 'CmdOrCtrl+E', enabled: false });
  expect((await menuItem(app, MENU.quit))?.accelerator).toBe(process.platform === 'win32' ? 'Alt+F4' : 'CmdOrCtrl+Q');
  expect((await menuItem(app, MENU.attack))?.label).toMatch(/ATT&CK/);
  await startAndWaitForBatch(page);
  expect((await menuItem(app, MENU.start))?.enabled).toBe(false);
  expect((await menuItem(app, MENU.stop))?.enabled).toBe(true);
  expect((await menuItem(app, MENU.exportReport))?.enabled).toBe(true);
  await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.stop());
  await expect.poll(() => menuItem(app, MENU.start).then((item) => item?.enabled)).toBe(true);
});

test('Export Report… from the menu writes a schema-valid report during a session and after it stops', async ({ app, page, userDataDir }) => {
  const during = join(userDataDir, 'during.json');
  await answerSaveDialogWith(app, during);
  await startAndWaitForBatch(page);
  await app.evaluate(({ Menu }, id) => {
    Menu.getApplicationMenu()?.getMenuItemById(id)?.click();
  }, MENU.exportReport);
  await expect.poll(() => existsSync(during), { timeout: 15_000 }).toBe(true);
  const live = await readValidReport(during);
  expect(live.report_metadata.ticks).toBeGreaterThanOrEqual(1);
  expect(live.report_metadata.ended_at).toBeNull();

  await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.stop());
  const after = join(userDataDir, 'after.json');
  await answerSaveDialogWith(app, after);
  const result = await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.exportReport());
  expect(result).toEqual({ ok: true, path: after, bytes: (await stat(after)).size });
  const finished = await readValidReport(after);
  expect(finished.report_metadata.ended_at).not.toBeNull();
});

test('a failed write explains why, keeps a copy and returns the reason', async ({ app, page, userDataDir }) => {
  await answerSaveDialogWith(app, join(userDataDir, 'no-such-folder', 'report.json'));
  await app.evaluate(({ dialog }) => {
    const shown: unknown[] = [];
    (globalThis as Record<string, unknown>)['shownMessageBoxes'] = shown;
    dialog.showMessageBox = (async (...args: unknown[]) => {
      shown.push(args.at(-1));
      return { response: 1, checkboxChecked: false };
    }) as typeof dialog.showMessageBox;
  });
  await startAndWaitForBatch(page);
  const result = (await page.evaluate(() => (globalThis as unknown as PageGlobals).netsentinel.exportReport())) as ExportResult;
  expect(result.ok).toBe(false);
  if (result.ok || result.canceled) throw new Error('expected a write failure');
  expect(result.error).toMatch(/folder does not exist/);
  expect(result.fallbackPath).toBeTruthy();
  await readValidReport(result.fallbackPath ?? '');
  const shown = await app.evaluate(() => (globalThis as Record<string, unknown>)['shownMessageBoxes'] as { type: string; detail: string; buttons: string[] }[]);
  expect(shown).toHaveLength(1);
  expect(shown[0]?.type).toBe('error');
  expect(shown[0]?.detail).toContain(result.error);
  expect(shown[0]?.detail).toContain(result.fallbackPath ?? '');
  expect(shown[0]?.buttons[0]).toMatch(/Another Location/);
  await rm(result.fallbackPath ?? '', { force: true });
});

test('quitting during a session stops it and exits cleanly', async ({ app, page }) => {
  await startAndWaitForBatch(page);
  const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  expect(await exited).toBe(0);
});

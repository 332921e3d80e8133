// Playwright fixtures for the renderer spec: Debian's Chromium, the built renderer over loopback http,
// the real preload in the page and main's real app services in this process (only 'electron' shimmed),
// with the core in a child process as Electron's utilityProcess would run it.
import { test as base, expect, type TestInfo } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildMainHarness, type BuiltHarness } from './build-main-harness';
import type { MainHarness } from './main-harness';
import { serveFolder, type StaticServer } from './static-server';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const SCREENSHOT_DIR = join(ROOT, 'test-results/renderer-screenshots');
export const REPORT_SCHEMA_PATH = join(ROOT, 'src-shared/report.schema.json');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the renderer spec cannot run here, or undefined. */
export function skipReason(): string | undefined {
  if (!existsSync(CHROMIUM_PATH)) {
    return `Chromium not found at ${CHROMIUM_PATH}; install it with: apt-get install -y chromium`;
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    return `the renderer is not built (${RENDERER_DIR}/index.html missing); build it with: npx electron-vite build`;
  }
  return undefined;
}

export interface PageProblems {
  cspViolations: string[];
  errors: string[];
}

export interface Dashboard {
  page: Page;
  /** Main's real services for this page; `userDataDir` holds its settings.json. */
  main: MainHarness;
  userDataDir: string;
  problems: PageProblems;
  /** Where the built renderer is served. */
  url: string;
  /** Loads the app and waits until it has talked to main. */
  open(): Promise<void>;
  /** Saves a PNG under test-results/renderer-screenshots and attaches it to the test. */
  screenshot(name: string): Promise<string>;
}

interface WorkerFixtures {
  chromiumBrowser: Browser;
  rendererServer: StaticServer;
  mainBundle: BuiltHarness;
}
interface TestFixtures {
  dashboard: Dashboard;
}

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  const body = await page.screenshot({ fullPage: false });
  await writeFile(path, body);
  await testInfo.attach(name, { body, contentType: 'image/png' });
  return path;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  chromiumBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  mainBundle: [
    async ({}, use) => {
      await use(await buildMainHarness());
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  rendererServer: [
    async ({}, use) => {
      const server = await serveFolder(RENDERER_DIR);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  dashboard: async ({ chromiumBrowser, rendererServer, mainBundle }, use, testInfo) => {
    const context = await chromiumBrowser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    const page = await context.newPage();
    const userDataDir = await mkdtemp(join(tmpdir(), 'netsentinel-e2e-userdata-'));
    const documentsDir = testInfo.outputPath('exports');
    await mkdir(documentsDir, { recursive: true });
    const main = await mainBundle.module.startMain(page, {
      rendererUrl: rendererServer.url,
      userDataDir,
      documentsDir,
      coreEntryPath: mainBundle.coreEntryPath,
    });
    // One tick a second keeps the tests short; saved through main's real settings store.
    await main.services.settings.update({ intervalSec: 1 });
    await page.addInitScript({ path: mainBundle.preloadPath });
    const problems: PageProblems = { cspViolations: [], errors: [] };
    await page.exposeFunction('__reportCspViolation', (text: string) => problems.cspViolations.push(text));
    // Page-side code as text: this file is type-checked without the DOM library.
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) => {
        window.__reportCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + (event.sample ? ': ' + event.sample : ''));
      });`,
    });
    page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.errors.push(`console: ${message.text()}`);
    });
    await use({
      page,
      main,
      userDataDir,
      problems,
      url: rendererServer.url,
      open: async () => {
        await page.goto(rendererServer.url);
        await expect(page.getByTestId('session-state')).toBeVisible();
        await expect(page.getByText('Connecting to the NetSentinel core')).toHaveCount(0);
      },
      screenshot: (name) => saveScreenshot(page, testInfo, name),
    });
    await main.close();
    // Closing also saves the trace; a parallel Playwright run may have removed the artifacts folder.
    await context.close().catch((error: unknown) => console.warn(`[renderer.spec] context.close: ${String(error)}`));
    await rm(userDataDir, { recursive: true, force: true });
  },
});

export { expect };

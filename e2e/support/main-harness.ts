// Main's real app services (src-main/app/app-services.ts: IPC registration and validation, the core
// process supervisor, export, settings store) for one Playwright page, as main.ts wires them for its
// window. Bundled with 'electron' aliased to electron-shim/main.ts (see build-main-harness.ts).
import { hostname } from 'node:os';
import type { Page } from 'playwright-core';
import type { MenuItemConstructorOptions } from 'electron';
import { createAppServices, type AppServices } from '../../src-main/app/app-services';
import { createMenuActions } from '../../src-main/app/menu-actions';
import { buildMenuTemplate } from '../../src-main/app/menu-template';
import type { SessionState } from '../../src-shared/model';
import { app, attachPage, shownDialogs, type ShimWindow } from './electron-shim/main';
import { forked } from './electron-shim/utility-process';

export interface MainHarnessOptions {
  /** Where the page is served: main trusts IPC only from this origin's main frame. */
  rendererUrl: string;
  userDataDir: string;
  /** The folder the save dialog proposes (app.getPath('documents')). */
  documentsDir: string;
  /** The bundled core entry (core.mjs beside this harness). */
  coreEntryPath: string;
}

export interface MainHarness {
  services: AppServices;
  window: ShimWindow;
  dialogs: typeof shownDialogs;
  /** Changes where the save dialog proposes to save. */
  setDocumentsDir(dir: string): void;
  /** Clicks the application menu's item `id` as main builds it for `state` (main's real menu actions). */
  clickMenu(id: string, state: SessionState): void;
  /** Every core process started so far, oldest first. */
  corePids(): (number | undefined)[];
  close(): Promise<void>;
}

export async function startMain(page: Page, options: MainHarnessOptions): Promise<MainHarness> {
  app.setPath('userData', options.userDataDir);
  app.setPath('documents', options.documentsDir);
  shownDialogs.save.length = 0;
  shownDialogs.messages.length = 0;
  shownDialogs.open.length = 0;
  shownDialogs.openAnswers.length = 0;
  const firstFork = forked.length;
  const window = await attachPage(page);
  const services = createAppServices({
    userDataDir: app.getPath('userData'),
    hostname: hostname(),
    location: { kind: 'dev-server', url: options.rendererUrl },
    coreEntryPath: options.coreEntryPath,
    currentWindow: () => (window.isDestroyed() ? undefined : (window as never)),
    focusWindow: () => undefined,
  });
  const loaded = await services.settings.load();
  if (loaded.warnings.length > 0) throw new Error(`settings: ${loaded.warnings.join(' ')}`);
  return {
    services,
    window,
    dialogs: shownDialogs,
    setDocumentsDir: (dir) => app.setPath('documents', dir),
    clickMenu: (id, state) => {
      const actions = createMenuActions(services, () => undefined);
      const flat = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
        items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flat(item.submenu) : [])]);
      const item = flat(buildMenuTemplate({ platform: process.platform, appName: app.name, state, dev: false, actions })).find((i) => i.id === id);
      if (!item?.click || item.enabled === false) throw new Error(`menu item ${id} is missing or disabled when ${state}`);
      (item.click as unknown as () => void)();
    },
    corePids: () => forked.slice(firstFork).map((child) => child.pid),
    close: async () => {
      await services.stop().catch(() => undefined);
      services.dispose();
    },
  };
}

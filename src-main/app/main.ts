// Electron entry: one instance, one window, its menu, and the app services (settings, the core process
// in a utilityProcess, export, notifications, IPC). Main never runs a collector.
import { app, BrowserWindow, dialog, protocol, shell } from 'electron';
import { hostname as osHostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SessionState } from '../../src-shared/model';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-protocol';
import { aboutPanelOptions } from './about-panel';
import { createAppServices, type AppServices } from './app-services';
import { installApplicationMenu } from './menu';
import { createMenuActions } from './menu-actions';
import { rendererLocation } from './renderer-location';
import { createMainWindow, lockDownSession, lockDownWebContents } from './window';

const APP_ID = 'org.netsentinel.app';
/** A hung tick must not keep the app from quitting forever. */
const QUIT_STOP_TIMEOUT_MS = 10_000;

app.setName('NetSentinel');
// Lets tests (and portable installs) use their own settings folder; must precede the instance lock.
const userDataOverride = process.env['NETSENTINEL_USER_DATA_DIR'];
if (userDataOverride) app.setPath('userData', userDataOverride);

// The built page loads from app://netsentinel/ (app-protocol.ts); the scheme must be privileged before ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  runApp();
}

function runApp(): void {
  const dev = !app.isPackaged && Boolean(process.env['ELECTRON_RENDERER_URL']);
  const location = rendererLocation(process.env['ELECTRON_RENDERER_URL'], fileURLToPath(new URL('../renderer/', import.meta.url)), app.isPackaged);
  const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
  const coreEntryPath = fileURLToPath(new URL('./core.js', import.meta.url));
  let win: BrowserWindow | undefined;

  const currentWindow = (): BrowserWindow | undefined => (win && !win.isDestroyed() ? win : undefined);
  const focusWindow = (): void => {
    const target = currentWindow();
    if (!target) return;
    if (target.isMinimized()) target.restore();
    target.focus();
  };
  const services = createAppServices({
    userDataDir: app.getPath('userData'),
    hostname: osHostname(),
    location,
    coreEntryPath,
    currentWindow,
    focusWindow,
  });
  const { settings, core } = services;

  const menuActions = createMenuActions(services, (url) => void shell.openExternal(url));
  const refreshMenu = (state: SessionState): void => installApplicationMenu(state, menuActions, dev);

  core.onStatus((status) => refreshMenu(status.state));
  // The About box names the offline data and its dates, as loaded by the core.
  void core
    .enrichmentStatus()
    .then((summary) => app.setAboutPanelOptions(aboutPanelOptions(app.name, app.getVersion(), summary)))
    .catch(logFailure('reading the enrichment data status'));

  app.on('second-instance', focusWindow);
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));

  installQuitHandlers(services);

  const openWindow = (): void => {
    win = createMainWindow({ location, preloadPath, dev });
    win.on('closed', () => {
      win = undefined;
    });
  };

  void app.whenReady().then(async () => {
    if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
    lockDownSession(dev);
    if (location.kind === 'app') {
      const root = location.root;
      protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, root));
    }
    const loaded = await settings.load();
    refreshMenu(core.status().state);
    openWindow();
    app.on('activate', () => {
      if (!currentWindow()) openWindow();
    });
    if (loaded.warnings.length > 0) warnSettingsReset(loaded.warnings, currentWindow());
  });
}

function logFailure(what: string): (error: unknown) => void {
  return (error) => console.error(`NetSentinel: ${what} failed:`, error);
}

/**
 * Closing the last window quits (but on macOS); quitting while a session runs stops it first (for at
 * most QUIT_STOP_TIMEOUT_MS), then disposes the services.
 */
function installQuitHandlers(services: AppServices): void {
  const { core } = services;
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitAllowed = false;
  app.on('before-quit', (event) => {
    if (quitAllowed) return;
    event.preventDefault();
    const quit = (): void => {
      quitAllowed = true;
      services.dispose();
      app.quit();
    };
    if (core.status().state !== 'running' && core.status().state !== 'stopping') {
      quit();
      return;
    }
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_STOP_TIMEOUT_MS).unref());
    void Promise.race([core.stop(), timeout]).catch(logFailure('stopping the session before quitting')).finally(quit);
  });
}

/** Settings that could not be read were reset to defaults: said on the console and in a dialog. */
function warnSettingsReset(warnings: readonly string[], target: BrowserWindow | undefined): void {
  console.warn(`NetSentinel: ${warnings.join(' ')}`);
  const options: Electron.MessageBoxOptions = {
    type: 'warning',
    title: 'Settings',
    message: 'Some settings could not be read and were reset.',
    detail: warnings.join('\n'),
  };
  void (target ? dialog.showMessageBox(target, options) : dialog.showMessageBox(options));
}

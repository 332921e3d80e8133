// Electron entry: one instance, one window, the session, its menu, IPC and notifications.
import { app, BrowserWindow, dialog, Notification, shell } from 'electron';
import { hostname as osHostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ExportResult, SessionStatus } from '../../src-shared/api';
import type { MonitorSettings, SessionState } from '../../src-shared/model';
import { writeFallbackReport, writeReportAtomically } from '../report/write-report';
import { MonitorSession } from '../session/monitor-session';
import { askAfterExportFailure, chooseReportPath } from './export-dialogs';
import { exportReport } from './export-report';
import { externalUrlToOpen } from './external-url';
import { forwardSessionEvents, registerIpcHandlers } from './ipc';
import { installApplicationMenu } from './menu';
import type { MenuActions } from './menu-template';
import { CriticalAlertNotifier, notificationContent } from './notifications';
import { rendererLocation } from './renderer-location';
import { SessionController } from './session-controller';
import { SettingsStore } from './settings-store';
import { createMainWindow, lockDownSession, lockDownWebContents } from './window';

const APP_ID = 'org.netsentinel.app';
/** A hung tick must not keep the app from quitting forever. */
const QUIT_STOP_TIMEOUT_MS = 10_000;

app.setName('NetSentinel');
// Lets tests (and portable installs) use their own settings folder; must precede the instance lock.
const userDataOverride = process.env['NETSENTINEL_USER_DATA_DIR'];
if (userDataOverride) app.setPath('userData', userDataOverride);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  runApp();
}

function runApp(): void {
  const dev = !app.isPackaged && Boolean(process.env['ELECTRON_RENDERER_URL']);
  const location = rendererLocation(
    process.env['ELECTRON_RENDERER_URL'],
    fileURLToPath(new URL('../renderer/index.html', import.meta.url)),
    app.isPackaged,
  );
  const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
  const hostname = osHostname();
  const settings = new SettingsStore(app.getPath('userData'));
  const controller = new SessionController(
    (s: MonitorSettings) => new MonitorSession({ intervalMs: s.intervalSec * 1000, homeNetCidrs: s.homeNet }),
    hostname,
  );
  const notifier = new CriticalAlertNotifier();
  const shownNotifications = new Set<Notification>();
  let win: BrowserWindow | undefined;
  let exportInFlight: Promise<ExportResult> | undefined;

  const currentWindow = (): BrowserWindow | undefined => (win && !win.isDestroyed() ? win : undefined);
  const focusWindow = (): void => {
    const target = currentWindow();
    if (!target) return;
    if (target.isMinimized()) target.restore();
    target.focus();
  };

  const start = (): Promise<SessionStatus> => controller.start(settings.get());
  const stop = (): Promise<SessionStatus> => controller.stop();
  const runExport = (): Promise<ExportResult> => {
    // A second request while the dialog is open joins the first instead of stacking dialogs.
    exportInFlight ??= exportReport({
      buildReport: () => controller.buildReport(),
      chooseSavePath: () => chooseReportPath(currentWindow(), hostname),
      write: writeReportAtomically,
      writeFallback: writeFallbackReport,
      askAfterFailure: (failure) => askAfterExportFailure(currentWindow(), failure),
    }).finally(() => {
      exportInFlight = undefined;
    });
    return exportInFlight;
  };

  const logFailure = (what: string) => (error: unknown): void => {
    console.error(`NetSentinel: ${what} failed:`, error);
  };
  const menuActions: MenuActions = {
    start: () => void start().catch(logFailure('start')),
    stop: () => void stop().catch(logFailure('stop')),
    exportReport: () => void runExport().catch(logFailure('export')),
    openExternal: (url) => {
      const safe = externalUrlToOpen(url);
      if (safe) void shell.openExternal(safe);
    },
  };
  const refreshMenu = (state: SessionState): void => installApplicationMenu(state, menuActions, dev);

  controller.onStatus((status) => refreshMenu(status.state));
  controller.onBatch((batch) => {
    const fresh = notifier.forBatch(batch, settings.get().notifications);
    if (fresh.length === 0 || !Notification.isSupported()) return;
    for (const alert of fresh) {
      const { title, body } = notificationContent(alert, { bodyIsMarkup: process.platform === 'linux' });
      const notification = new Notification({ title, body, urgency: 'critical' });
      // Held until dismissed: a collected Notification loses its click handler.
      shownNotifications.add(notification);
      notification.on('click', focusWindow);
      notification.on('close', () => shownNotifications.delete(notification));
      notification.show();
    }
  });
  forwardSessionEvents({ currentWindow, controller });
  registerIpcHandlers({
    currentWindow,
    location,
    controller,
    start,
    stop,
    exportReport: runExport,
    getSettings: async () => settings.get(),
    updateSettings: (patch) => settings.update(patch),
  });

  app.on('second-instance', focusWindow);
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));

  let quitAllowed = false;
  app.on('before-quit', (event) => {
    if (quitAllowed) return;
    event.preventDefault();
    if (controller.status().state !== 'running' && controller.status().state !== 'stopping') {
      quitAllowed = true;
      app.quit();
      return;
    }
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_STOP_TIMEOUT_MS).unref());
    void Promise.race([controller.stop(), timeout])
      .catch(logFailure('stopping the session before quitting'))
      .finally(() => {
        quitAllowed = true;
        app.quit();
      });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const openWindow = (): void => {
    win = createMainWindow({ location, preloadPath, dev });
    win.on('closed', () => {
      win = undefined;
    });
  };

  void app.whenReady().then(async () => {
    if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
    lockDownSession(dev);
    const loaded = await settings.load();
    refreshMenu(controller.status().state);
    openWindow();
    app.on('activate', () => {
      if (!currentWindow()) openWindow();
    });
    if (loaded.warnings.length > 0) {
      console.warn(`NetSentinel: ${loaded.warnings.join(' ')}`);
      const options: Electron.MessageBoxOptions = {
        type: 'warning',
        title: 'Settings',
        message: 'Some settings could not be read and were reset.',
        detail: loaded.warnings.join('\n'),
      };
      const target = currentWindow();
      void (target ? dialog.showMessageBox(target, options) : dialog.showMessageBox(options));
    }
  });
}

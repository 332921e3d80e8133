// The one application window and the security rules around it.
import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { externalUrlToOpen } from './external-url';
import { isOwnRendererUrl, type RendererLocation } from './renderer-location';
import { contentSecurityPolicy, SECURE_WEB_PREFERENCES } from './web-security';

export interface WindowOptions {
  location: RendererLocation;
  preloadPath: string;
  dev: boolean;
}

function openOutside(url: string): void {
  const safe = externalUrlToOpen(url);
  if (safe) void shell.openExternal(safe);
}

/** Applies to every web contents the app ever creates, not just our window. */
export function lockDownWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Once per session (the default one): deny every permission, add the CSP header. */
export function lockDownSession(dev: boolean): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  const policy = contentSecurityPolicy(dev);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

export function createMainWindow({ location, preloadPath, dev }: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'NetSentinel',
    backgroundColor: '#0f1216',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath, devTools: dev },
  });
  win.once('ready-to-show', () => win.show());
  // The page never navigates: links to the web open in the user's browser instead.
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (!isOwnRendererUrl(url, location)) openOutside(url);
  });
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  // app://netsentinel/index.html when built (see app-protocol.ts), Vite's server in dev; never file://.
  void win.loadURL(location.url);
  return win;
}

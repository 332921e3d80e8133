// The window's security settings and Content-Security-Policy, kept apart from Electron so tests can read them.
import type { WebPreferences } from 'electron';

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const satisfies WebPreferences;

/**
 * Sent as a header by the app:// handler and for every response of the window's session. The renderer's
 * index.html carries the same policy as a meta tag too; when both apply the stricter wins, so keep them equal.
 * In dev, Vite's dev server needs its inline preamble and a websocket.
 */
export function contentSecurityPolicy(dev: boolean): string {
  const directives: Record<string, string> = {
    'default-src': "'none'",
    'script-src': dev ? "'self' 'unsafe-inline'" : "'self'",
    'style-src': dev ? "'self' 'unsafe-inline'" : "'self'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': dev ? "'self' ws:" : "'self'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'object-src': "'none'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** The same policy for index.html's meta tag, where browsers ignore (and warn about) frame-ancestors. */
export function metaContentSecurityPolicy(dev: boolean): string {
  return contentSecurityPolicy(dev)
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors '))
    .join('; ');
}

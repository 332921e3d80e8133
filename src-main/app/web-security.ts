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
 * Sent as a header for every response of the window's session; the renderer's index.html carries the same
 * policy as a meta tag (file:// pages have no headers). Inline styles stay allowed: React and recharts set
 * style attributes. In dev, Vite's dev server needs its inline preamble and a websocket.
 */
export function contentSecurityPolicy(dev: boolean): string {
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': dev ? "'self' 'unsafe-inline'" : "'self'",
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data:",
    'font-src': "'self' data:",
    'connect-src': dev ? "'self' ws:" : "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-src': "'none'",
    'frame-ancestors': "'none'",
    'worker-src': "'self'",
  };
  return Object.entries(directives).map(([name, value]) => `${name} ${value}`).join('; ');
}

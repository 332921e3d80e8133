// Where the window's page comes from, and whether a URL is that page (the only trusted IPC sender).
import { APP_HOST, APP_INDEX_URL, APP_SCHEME } from './app-protocol';

/** The built page is served from app://netsentinel/ (app-protocol.ts) out of `root`; dev uses Vite's server. */
export type RendererLocation = { kind: 'app'; url: string; root: string } | { kind: 'dev-server'; url: string };

/** electron-vite sets ELECTRON_RENDERER_URL in `dev`; a packaged or previewed app loads the built files. */
export function rendererLocation(devServerUrl: string | undefined, builtRendererDir: string, isPackaged: boolean): RendererLocation {
  if (!isPackaged && devServerUrl) return { kind: 'dev-server', url: devServerUrl };
  return { kind: 'app', url: APP_INDEX_URL, root: builtRendererDir };
}

export function isOwnRendererUrl(rawUrl: string, location: RendererLocation): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (location.kind === 'dev-server') {
    return url.origin === new URL(location.url).origin;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.pathname === new URL(location.url).pathname;
}

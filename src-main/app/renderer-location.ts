// Where the window's page comes from, and whether a URL is that page (the only trusted IPC sender).
import { pathToFileURL } from 'node:url';

export type RendererLocation = { kind: 'file'; path: string } | { kind: 'dev-server'; url: string };

/** electron-vite sets ELECTRON_RENDERER_URL in `dev`; a packaged or previewed app loads the built file. */
export function rendererLocation(devServerUrl: string | undefined, builtIndexHtml: string, isPackaged: boolean): RendererLocation {
  if (!isPackaged && devServerUrl) return { kind: 'dev-server', url: devServerUrl };
  return { kind: 'file', path: builtIndexHtml };
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
  const expected = pathToFileURL(location.path);
  return url.protocol === 'file:' && url.host === expected.host && decodeURIComponent(url.pathname) === decodeURIComponent(expected.pathname);
}

// app://netsentinel/ — how the window loads the built renderer instead of file://: only files under
// the renderer's out folder, GET only, no path traversal (decoded or encoded, or through a symlink),
// a known MIME type for every file, and the Content-Security-Policy on every page response.
import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from './web-security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'netsentinel';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready: a standard, secure origin for ES modules. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } as const;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export type AppRequestTarget = { ok: true; path: string; mimeType: string } | { ok: false; status: 400 | 403 | 404 | 405 };

/** Pure: which file a request may read under `rootDir`, or the status that refuses it. */
export function resolveAppRequest(rawUrl: string, method: string, rootDir: string): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403 };
  // Encoded separators, backslashes and NUL would let a decoded name step outside its folder.
  if (/%2f|%5c|%00|\\/i.test(url.pathname)) return { ok: false, status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.split('/').some((segment) => segment === '..' || segment === '.')) return { ok: false, status: 403 };
  const root = resolve(rootDir);
  const path = resolve(root, `.${pathname}`);
  if (!path.startsWith(root + sep)) return { ok: false, status: 403 };
  const mimeType = MIME_TYPES[extname(path).toLowerCase()];
  if (!mimeType) return { ok: false, status: 404 };
  return { ok: true, path, mimeType };
}

/** The protocol.handle handler: the file's bytes with its type and the CSP, or an empty refusal. */
export async function handleAppRequest(request: Request, rootDir: string): Promise<Response> {
  const target = resolveAppRequest(request.url, request.method, rootDir);
  if (!target.ok) return new Response(null, { status: target.status });
  let body: Buffer;
  try {
    // A symlink inside the folder must not lead out of it.
    const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(target.path)]);
    if (!realFile.startsWith(realRoot + sep)) return new Response(null, { status: 403 });
    body = await readFile(realFile);
  } catch {
    return new Response(null, { status: 404 });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': target.mimeType,
      'Content-Security-Policy': contentSecurityPolicy(false),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

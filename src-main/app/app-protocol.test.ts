import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, handleAppRequest, resolveAppRequest } from './app-protocol';
import { contentSecurityPolicy } from './web-security';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'netsentinel-app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>NetSentinel</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'favicon.svg'), '<svg/>');
  await writeFile(join(root, 'notes.txt'), 'unknown type');
  await writeFile(join(base, 'secret.json'), '{"secret":true}');
  await symlink(join(base, 'secret.json'), join(root, 'assets', 'link.json'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET'): Promise<Response> => handleAppRequest(new Request(url, { method }), root);

describe('app:// handler', () => {
  it('serves the page with its MIME type and the Content-Security-Policy', async () => {
    const response = await get(APP_INDEX_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy(false));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>NetSentinel</title>');
    expect((await get('app://netsentinel/')).status).toBe(200);
  });

  it.each([
    ['app://netsentinel/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://netsentinel/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://netsentinel/favicon.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (url, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it.each([
    'app://netsentinel/assets/%2e%2e%2f%2e%2e%2fsecret.json',
    'app://netsentinel/assets/..%2f..%2fsecret.json',
    'app://netsentinel/assets/..%5c..%5csecret.json',
    'app://netsentinel/assets/link.json',
    'app://other-host/index.html',
    'file:///etc/passwd',
  ])('refuses %s (outside the folder or another origin)', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('');
  });

  it('answers 404 for a missing file or one of an unknown type, and 405 for anything but GET', async () => {
    expect((await get('app://netsentinel/missing.js')).status).toBe(404);
    expect((await get('app://netsentinel/notes.txt')).status).toBe(404);
    expect((await get('app://netsentinel/assets')).status).toBe(404);
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
  });

  it('keeps a dot-dot that the URL parser already resolved inside the folder', () => {
    // WHATWG URL parsing folds /assets/../index.html into /index.html before the handler sees it.
    const target = resolveAppRequest('app://netsentinel/assets/../index.html', 'GET', root);
    expect(target).toEqual({ ok: true, path: join(root, 'index.html'), mimeType: 'text/html; charset=utf-8' });
    // A leading ../ (plain or %2e%2e) is dropped at the root: it names a file inside the folder, never the one beside it.
    expect(resolveAppRequest('app://netsentinel/../../secret.json', 'GET', root)).toMatchObject({ ok: true, path: join(root, 'secret.json') });
  });

  it('never reaches the file beside the folder through a folded dot-dot', async () => {
    for (const url of ['app://netsentinel/../secret.json', 'app://netsentinel/%2e%2e/secret.json', 'app://netsentinel/assets/%2E%2E/%2e%2e/secret.json']) {
      expect((await get(url)).status, url).toBe(404);
    }
  });
});

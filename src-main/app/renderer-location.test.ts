import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOwnRendererUrl, rendererLocation } from './renderer-location';

const built = '/opt/NetSentinel/resources/app.asar/out/renderer/';
const page = 'app://netsentinel/index.html';

describe('rendererLocation', () => {
  it('uses the dev server only when not packaged, app:// otherwise', () => {
    const app = { kind: 'app', url: page, root: built };
    expect(rendererLocation('http://localhost:5173', built, false)).toEqual({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(rendererLocation('http://localhost:5173', built, true)).toEqual(app);
    expect(rendererLocation(undefined, built, false)).toEqual(app);
    expect(rendererLocation('', built, false)).toEqual(app);
  });
});

describe('isOwnRendererUrl', () => {
  const app = { kind: 'app', url: page, root: built } as const;
  const dev = { kind: 'dev-server', url: 'http://localhost:5173/' } as const;

  it('accepts the built page, with or without a hash or query', () => {
    expect(isOwnRendererUrl(page, app)).toBe(true);
    expect(isOwnRendererUrl(`${page}#/alerts`, app)).toBe(true);
    expect(isOwnRendererUrl(`${page}?view=arp`, app)).toBe(true);
  });

  it.each([
    pathToFileURL(`${built}index.html`).href,
    'file:///etc/passwd',
    'app://netsentinel/other.html',
    'app://evil/index.html',
    'https://attack.mitre.org/',
    'http://localhost:5173/',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'garbage',
  ])('refuses %s for the built page', (url) => {
    expect(isOwnRendererUrl(url, app)).toBe(false);
  });

  it('accepts any page of the dev server origin, nothing else', () => {
    expect(isOwnRendererUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isOwnRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isOwnRendererUrl(page, dev)).toBe(false);
  });
});

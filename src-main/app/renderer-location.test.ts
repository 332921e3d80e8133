import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOwnRendererUrl, rendererLocation } from './renderer-location';

const built = '/opt/NetSentinel/resources/app.asar/out/renderer/index.html';

describe('rendererLocation', () => {
  it('uses the dev server only when not packaged', () => {
    expect(rendererLocation('http://localhost:5173', built, false)).toEqual({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(rendererLocation('http://localhost:5173', built, true)).toEqual({ kind: 'file', path: built });
    expect(rendererLocation(undefined, built, false)).toEqual({ kind: 'file', path: built });
    expect(rendererLocation('', built, false)).toEqual({ kind: 'file', path: built });
  });
});

describe('isOwnRendererUrl', () => {
  const file = { kind: 'file', path: built } as const;
  const dev = { kind: 'dev-server', url: 'http://localhost:5173/' } as const;

  it('accepts the built page, with or without a hash or query', () => {
    const url = pathToFileURL(built).href;
    expect(isOwnRendererUrl(url, file)).toBe(true);
    expect(isOwnRendererUrl(`${url}#/alerts`, file)).toBe(true);
    expect(isOwnRendererUrl(`${url}?view=arp`, file)).toBe(true);
  });

  it('accepts a path with spaces however it is escaped', () => {
    const spaced = { kind: 'file', path: '/home/a user/NetSentinel/out/renderer/index.html' } as const;
    expect(isOwnRendererUrl('file:///home/a%20user/NetSentinel/out/renderer/index.html', spaced)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'file:///opt/NetSentinel/resources/app.asar/out/renderer/other.html',
    'https://attack.mitre.org/',
    'http://localhost:5173/',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'garbage',
  ])('refuses %s for the built page', (url) => {
    expect(isOwnRendererUrl(url, file)).toBe(false);
  });

  it('accepts any page of the dev server origin, nothing else', () => {
    expect(isOwnRendererUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isOwnRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isOwnRendererUrl(pathToFileURL(built).href, dev)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, metaContentSecurityPolicy, SECURE_WEB_PREFERENCES } from './web-security';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('SECURE_WEB_PREFERENCES', () => {
  it('isolates and sandboxes the page without Node', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts only from the app itself in production', () => {
    const policy = directives(contentSecurityPolicy(false));
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy(false)).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('relaxes only what the Vite dev server needs in dev', () => {
    const policy = directives(contentSecurityPolicy(true));
    expect(policy.get('script-src')).toContain("'unsafe-inline'");
    expect(policy.get('connect-src')).toContain('ws:');
    expect(contentSecurityPolicy(true)).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

describe('metaContentSecurityPolicy', () => {
  it('is the header policy minus frame-ancestors, which meta tags cannot carry', () => {
    for (const dev of [false, true]) {
      const meta = directives(metaContentSecurityPolicy(dev));
      const header = directives(contentSecurityPolicy(dev));
      header.delete('frame-ancestors');
      expect(meta).toEqual(header);
    }
  });
});

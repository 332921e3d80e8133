import { describe, expect, it } from 'vitest';
import { externalUrlToOpen } from './external-url';

describe('externalUrlToOpen', () => {
  it.each([
    ['https://attack.mitre.org/techniques/T1571/', 'https://attack.mitre.org/techniques/T1571/'],
    ['http://example.org', 'http://example.org/'],
    ['HTTPS://ATTACK.MITRE.ORG', 'https://attack.mitre.org/'],
  ])('opens %s', (raw, expected) => {
    expect(externalUrlToOpen(raw)).toBe(expected);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'smb://host/share',
    'ms-msdt:/id',
    'vbscript:x',
    'not a url',
    '',
    '/relative/path',
    'https://user:pw@evil.example/',
    'https://attack.mitre.org@evil.example/',
  ])('refuses %j', (raw) => {
    expect(externalUrlToOpen(raw)).toBeUndefined();
  });
});

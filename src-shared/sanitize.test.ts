import { describe, expect, it } from 'vitest';
import { displaySafeJson, escapeMarkup, isDisplaySafe, sanitizeDeep, sanitizeForNotification, sanitizeText } from './sanitize';

const HOSTILE = [
  '\u0000',
  '\u0007',
  '\u0008',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u2028',
  '\u2029',
];

describe('sanitizeText', () => {
  it('escapes every C0/C1 control, bidi control and line separator, one by one', () => {
    for (const char of HOSTILE) {
      const out = sanitizeText(`a${char}b`);
      expect(out, JSON.stringify(char)).not.toContain(char);
      expect(out.startsWith('a\\') && out.endsWith('b'), out).toBe(true);
      expect(isDisplaySafe(out)).toBe(true);
      expect(isDisplaySafe(`a${char}b`)).toBe(false);
    }
  });

  it('shows what was there: a terminal escape and a right-to-left override spoofing a name', () => {
    expect(sanitizeText('\u001b[2J\u001b]0;pwned\u0007evil')).toBe('\\x1b[2J\\x1b]0;pwned\\x07evil');
    expect(sanitizeText('sshd\u202Eexe.sh')).toBe('sshd\\u202eexe.sh');
    expect(sanitizeText('csi\u009b31m')).toBe('csi\\x9b31m');
  });

  it('keeps ordinary text, including non-Latin scripts and emoji, unchanged', () => {
    for (const text of ['python3 -m http.server 8000', 'Zürich ĳ', 'سلام', '日本語', '🙂 ok', '']) {
      expect(sanitizeText(text)).toBe(text);
    }
  });

  it('keeps newlines only when asked', () => {
    expect(sanitizeText('a\nb')).toBe('a\\x0ab');
    expect(sanitizeText('a\nb\rc', { keepNewlines: true })).toBe('a\nb\\x0dc');
    expect(isDisplaySafe('a\nb', { keepNewlines: true })).toBe(true);
  });

  it('is linear: a megabyte of controls is escaped to exactly four characters each', () => {
    const input = '\u001b'.repeat(1 << 20);
    expect(sanitizeText(input)).toHaveLength(4 << 20);
  });
});

describe('escapeMarkup and sanitizeForNotification', () => {
  it('escapes the markup a notification server would render', () => {
    expect(escapeMarkup(`<b>x</b><a href="u">'&'</a>`)).toBe('&lt;b&gt;x&lt;/b&gt;&lt;a href=&quot;u&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const body = sanitizeForNotification('<img src=x>\u202e\nline two\u0007');
    expect(body).toBe('&lt;img src=x&gt;\\u202e\nline two\\x07');
    expect(body).not.toMatch(/[<>]/);
  });
});

describe('sanitizeDeep', () => {
  it('sanitises every string and key in nested data, leaving numbers, booleans and null', () => {
    const value = { 'k\u202e': ['a\u001b', 1, true, null, { name: 'x\u2028y' }], n: 3 };
    expect(sanitizeDeep(value)).toEqual({ 'k\\u202e': ['a\\x1b', 1, true, null, { name: 'x\\u2028y' }], n: 3 });
    expect(value['k\u202e'][0]).toBe('a\u001b');
  });
});

describe('displaySafeJson', () => {
  it('parses back to the same value while holding no raw control, bidi or separator character', () => {
    const value = { name: 'ok\u202egnp.\u009bx', line: 'a\u2028b\u2029c', esc: '\u001b[2J', del: '\u007f', plain: 'café <b>', nested: ['\u2066x\u2069'] };
    const json = displaySafeJson(value);
    expect(JSON.parse(json)).toEqual(value);
    expect(isDisplaySafe(json)).toBe(true);
    expect(json).toContain('ok\\u202egnp.\\u009bx');
    expect(displaySafeJson({ plain: 'café <b>' })).toBe(JSON.stringify({ plain: 'café <b>' }));
  });
});

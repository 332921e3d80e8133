import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE_GLYPHS, cell, show, toAscii, truncate } from './glyphs';
import { terminalCaps } from './terminal-caps';

describe('show', () => {
  it('escapes escape sequences from host strings', () => {
    expect(show('evil\x1b[2Jname', UNICODE_GLYPHS)).toBe('evil\\x1b[2Jname');
    expect(show('a\u202eb', UNICODE_GLYPHS)).toBe('a\\u202eb');
  });

  it('writes ASCII look-alikes on terminals without Unicode', () => {
    expect(show('— 1 × café…', ASCII_GLYPHS)).toBe('- 1 x caf?...');
    expect(toAscii('plain')).toBe('plain');
  });
});

describe('truncate and cell', () => {
  it('cuts to the column width with the ellipsis', () => {
    expect(truncate('firefox-esr', 8, UNICODE_GLYPHS)).toBe('firefox…');
    expect(truncate('firefox-esr', 8, ASCII_GLYPHS)).toBe('firefox~');
    expect(truncate('short', 8, UNICODE_GLYPHS)).toBe('short');
  });

  it('counts wide characters as two columns', () => {
    expect(cell('日本語のプロセス', 7, UNICODE_GLYPHS)).toBe('日本語…');
    expect(cell('ab', 4, UNICODE_GLYPHS, 'right')).toBe('  ab');
  });
});

describe('terminalCaps', () => {
  it('honours NO_COLOR and the UTF-8 locale', () => {
    expect(terminalCaps({ LANG: 'en_US.UTF-8' })).toEqual({ color: true, unicode: true });
    expect(terminalCaps({ NO_COLOR: '1', LANG: 'C.utf8' })).toEqual({ color: false, unicode: true });
    expect(terminalCaps({ NO_COLOR: '', LANG: 'C' })).toEqual({ color: true, unicode: false });
    expect(terminalCaps({ LC_ALL: 'C', LANG: 'en_US.UTF-8' }).unicode).toBe(false);
    expect(terminalCaps({ TERM: 'dumb', LC_CTYPE: 'de_DE.UTF-8' })).toEqual({ color: false, unicode: true });
  });
});

import { describe, expect, it } from 'vitest';
import { HOST_TEXT_LIMITS, capHostText, capText, utf8Length, utf8LengthLoop } from './host-text';

describe('utf8Length', () => {
  it("counts as the renderer's loop does, lone surrogates included", () => {
    const samples = ['', 'abc', 'é', '日本', '😀', 'a\ud800b', '\udc00', 'x\ud83d', '\u0000\u007f\u0080\u07ff\u0800\uffff'];
    for (const text of samples) expect(utf8Length(text), JSON.stringify(text)).toBe(utf8LengthLoop(text));
  });

  it('counts UTF-8 bytes, pairs as one 4-byte character and lone surrogates as U+FFFD', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('日')).toBe(3);
    expect(utf8Length('🙂')).toBe(4);
    expect(utf8Length('\ud800x')).toBe(4);
    expect(utf8Length('é日🙂')).toBe(9);
  });
});

describe('capText', () => {
  it('keeps text that fits, byte for byte', () => {
    expect(capText('x'.repeat(10), 10)).toBe('x'.repeat(10));
    expect(capText('日'.repeat(4), 12)).toBe('日'.repeat(4));
  });

  it('cuts what does not fit, saying how many bytes were cut', () => {
    expect(capText('abcdefghij', 4)).toBe('abcd…[cut 6 bytes]');
    expect(capText('日日日', 7)).toBe('日日…[cut 3 bytes]');
  });

  it('never splits a surrogate pair', () => {
    expect(capText('a🙂b', 3)).toBe('a…[cut 5 bytes]');
  });

  it('cuts a 2 MB command line to its documented cap plus the mark', () => {
    const huge = 'A'.repeat(2_000_000);
    const capped = capHostText('cmdline', huge);
    expect(capped).toBe(`${'A'.repeat(HOST_TEXT_LIMITS.cmdline)}…[cut ${2_000_000 - HOST_TEXT_LIMITS.cmdline} bytes]`);
  });
});

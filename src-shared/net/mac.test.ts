import { describe, expect, it } from 'vitest';
import { normalizeMac } from './mac';

describe('normalizeMac', () => {
  it('writes every MAC spelling one way', () => {
    expect(normalizeMac('0:1:2:a:b:c')).toBe('00:01:02:0a:0b:0c');
    expect(normalizeMac('AA-BB-CC-DD-EE-FF')).toBe('aa:bb:cc:dd:ee:ff');
    expect(normalizeMac(' 0:1A:2:3:4:5 ')).toBe('00:1a:02:03:04:05');
    expect(normalizeMac('ff:ff:ff:ff:ff:ff')).toBe('ff:ff:ff:ff:ff:ff');
  });

  it('refuses what is not a MAC', () => {
    expect(normalizeMac('00:11:22')).toBeUndefined();
    expect(normalizeMac('')).toBeUndefined();
    expect(normalizeMac('(incomplete)')).toBeUndefined();
    expect(normalizeMac('00:11:22:33:44:5g')).toBeUndefined();
    expect(normalizeMac('000:11:22:33:44:55')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { isWildcardAddress, riskyPortReason } from './risky-ports';

describe('riskyPortReason', () => {
  it('names known bad ports and the IRC range', () => {
    expect(riskyPortReason(4444)).toMatch(/Metasploit/);
    expect(riskyPortReason(6667)).toMatch(/IRC/);
    expect(riskyPortReason(6670)).toBeUndefined();
    expect(riskyPortReason(443)).toBeUndefined();
  });
});

describe('isWildcardAddress', () => {
  it('recognises any-address binds', () => {
    expect(isWildcardAddress('0.0.0.0')).toBe(true);
    expect(isWildcardAddress('::')).toBe(true);
    expect(isWildcardAddress('127.0.0.1')).toBe(false);
  });
});

describe('riskyPortReason and the detection rule agree', () => {
  it('takes its reasons from the shared catalogue', () => {
    expect(riskyPortReason(1337)).toMatch(/leet/);
    expect(riskyPortReason(5555)).toMatch(/Android debug bridge/);
  });
});

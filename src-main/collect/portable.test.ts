import { describe, expect, it } from 'vitest';
import { siState } from './portable';

describe('siState', () => {
  it("maps systeminformation's state names onto the shared TCP states", () => {
    expect(siState('tcp', 'ESTAB')).toBe('ESTABLISHED');
    expect(siState('tcp', 'fin-wait-1')).toBe('FIN_WAIT1');
    expect(siState('tcp', 'TIME_WAIT')).toBe('TIME_WAIT');
    expect(siState('tcp', 'LISTEN')).toBe('LISTEN');
  });

  it('gives UNCONN for an unnamed UDP state and UNKNOWN for an unnamed TCP one', () => {
    expect(siState('udp', '')).toBe('UNCONN');
    expect(siState('tcp', 'BOUND')).toBe('UNKNOWN');
    expect(siState('tcp', 'UNKNOWN')).toBe('UNKNOWN');
  });
});

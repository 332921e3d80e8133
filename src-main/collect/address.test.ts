import { describe, expect, it } from 'vitest';
import { decodeProcNetAddress } from './address';

describe('address helpers', () => {
  it('decodes kernel hex words in little-endian order', () => {
    expect(decodeProcNetAddress('0100007F', 0, 8)).toBe('127.0.0.1');
    expect(decodeProcNetAddress('00000000000000000000000001000000', 0, 32)).toBe('::1');
    expect(decodeProcNetAddress('0000000000000000FFFF00000100007F', 0, 32)).toBe('127.0.0.1');
    // A listener on fd00::2 as /proc/net/tcp6 printed it on this machine
    expect(decodeProcNetAddress('000000FD000000000000000002000000', 0, 32)).toBe('fd00::2');
    expect(decodeProcNetAddress('000080FE00000000FF00FC00010000FE', 0, 32)).toBe('fe80::fc:ff:fe00:1');
    expect(decodeProcNetAddress('0100007G', 0, 8)).toBeUndefined();
    expect(decodeProcNetAddress('0100007F', 0, 6)).toBeUndefined();
  });
});

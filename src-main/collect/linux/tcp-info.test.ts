import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectionKey, parseSsTcpInfo } from './tcp-info';

const sample = readFileSync(new URL('../fixtures/ss-tinH-established.txt', import.meta.url), 'utf8');

describe('parseSsTcpInfo', () => {
  it('joins each socket line with its info line (12345 bytes sent from 56756 to 47001)', () => {
    const { bytes, badLines } = parseSsTcpInfo(sample);
    expect(badLines).toBe(0);
    expect(bytes.size).toBe(6);
    // bytes_acked counts the SYN too, hence 12346
    expect(bytes.get(connectionKey('127.0.0.1', 56756, '127.0.0.1', 47001))).toEqual({ bytesSent: 12346, bytesReceived: 0 });
    expect(bytes.get(connectionKey('127.0.0.1', 47001, '127.0.0.1', 56756))).toEqual({ bytesSent: 0, bytesReceived: 12345 });
    expect(bytes.has(connectionKey('::1', 38272, '::1', 47002))).toBe(true);
    // IPv4-mapped endpoints are keyed as IPv4, as /proc/net/tcp6 shows them
    expect(bytes.has(connectionKey('127.0.0.1', 47003, '127.0.0.1', 57450))).toBe(true);
  });

  it('accepts a leading state column and counts garbage', () => {
    const withState = 'ESTAB 0 0 10.0.0.2:22 10.0.0.9:50000\n\t cubic bytes_acked:10 bytes_received:20\n';
    expect(parseSsTcpInfo(withState).bytes.get(connectionKey('10.0.0.2', 22, '10.0.0.9', 50000))).toEqual({ bytesSent: 10, bytesReceived: 20 });
    const lines = sample.split('\n');
    const broken = ['garbage line', '\t orphan info line', ...lines.slice(0, 2), '0 0 127.0.0.1:', ...lines.slice(2)].join('\n');
    const { bytes, badLines } = parseSsTcpInfo(broken);
    expect(badLines).toBe(3);
    expect(bytes.size).toBe(6);
  });

  it('counts a socket line whose endpoint is not an IP as garbage', () => {
    const text =
      '0 0 10.0.0.2:22 evil.example:50000\n\t cubic bytes_acked:10\n0 0 [fe80::zz]:22 10.0.0.9:1\n\t cubic bytes_acked:1\n' +
      '0 0 10.0.0.2:22 10.0.0.9:50001\n\t cubic bytes_acked:5 bytes_received:6\n';
    const { bytes, badLines } = parseSsTcpInfo(text);
    expect([...bytes.keys()]).toEqual([connectionKey('10.0.0.2', 22, '10.0.0.9', 50001)]);
    expect(badLines).toBe(4);
  });
});

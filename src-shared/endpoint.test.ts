import { describe, expect, it } from 'vitest';
import { endpointLabel, formatEndpoint } from './endpoint';

describe('formatEndpoint', () => {
  it('brackets IPv6 and omits unknown ports', () => {
    expect(formatEndpoint('127.0.0.1', 4444)).toBe('127.0.0.1:4444');
    expect(formatEndpoint('::1', 22)).toBe('[::1]:22');
    expect(formatEndpoint('0.0.0.0', 0)).toBe('0.0.0.0');
    expect(formatEndpoint('10.0.0.1')).toBe('10.0.0.1');
  });
});

describe('endpointLabel', () => {
  it('writes an endpoint as formatEndpoint does, or nothing', () => {
    expect(endpointLabel({ address: '2001:db8::1', port: 443 })).toBe('[2001:db8::1]:443');
    expect(endpointLabel({ address: '10.0.0.1', port: 0 })).toBe('10.0.0.1');
    expect(endpointLabel(undefined)).toBeUndefined();
  });
});

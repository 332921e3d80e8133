import { describe, expect, it } from 'vitest';
import { arpBindingKey, bindingMac } from './arp-binding';

describe('arp binding', () => {
  it('keys a neighbour by interface and IP', () => {
    expect(arpBindingKey({ iface: 'eth0', ip: '192.168.1.1' })).toBe('eth0|192.168.1.1');
  });

  it('takes a normalised MAC as a binding, but not the all-zero or broadcast placeholder', () => {
    expect(bindingMac('0:1A:2:3:4:5')).toBe('00:1a:02:03:04:05');
    expect(bindingMac('00-1A-02-03-04-05')).toBe('00:1a:02:03:04:05');
    expect(bindingMac('')).toBeUndefined();
    expect(bindingMac('(incomplete)')).toBeUndefined();
    expect(bindingMac('ff:ff:ff:ff:ff:ff')).toBeUndefined();
    expect(bindingMac('00-00-00-00-00-00')).toBeUndefined();
  });
});

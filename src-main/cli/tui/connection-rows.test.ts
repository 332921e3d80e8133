import { describe, expect, it } from 'vitest';
import { serviceName } from '../../../src-shared/endpoint';
import { serviceColumnText } from './connection-rows';

describe('serviceColumnText', () => {
  it('names a remote-admin port by its admin name, else by IANA, else leaves it blank', () => {
    expect(serviceColumnText(3389, 'tcp')).toBe('RDP');
    expect(serviceColumnText(443, 'tcp')).toBe(serviceName(443, 'tcp'));
    expect(serviceColumnText(443, 'tcp')).not.toBe('');
    expect(serviceColumnText(0, 'tcp')).toBe('');
  });
});

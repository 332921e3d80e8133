import { describe, expect, it } from 'vitest';
import { addressTokens, tokenCovers } from './addresses-in-text';
import { parseIp } from './ip';

const covers = (text: string, host: string): boolean => {
  const target = parseIp(host);
  return target !== null && addressTokens(text).some((token) => tokenCovers(token, target));
};

describe('addressTokens', () => {
  it('finds IPv4 addresses, CIDRs and last-octet ranges, and IPv6 tokens, in order and bounded', () => {
    expect(addressTokens('nmap -sT 10.0.0.0/24 10.0.1.5-9 fd00::21 curl http://[fd00::22]:80/')).toEqual([
      { address: { family: 4, value: 0x0a000000 }, prefix: 24 },
      { address: { family: 4, value: 0x0a000105 }, lastOctetTo: 9 },
      { address: { family: 6, value: 0xfd000000000000000000000000000021n } },
      { address: { family: 6, value: 0xfd000000000000000000000000000022n } },
    ]);
    expect(addressTokens('app-1.2.3.4.jar 999.1.1.1 sleep 1')).toEqual([]);
    expect(addressTokens(Array.from({ length: 200 }, (_, i) => `10.0.0.${i}`).join(' '), 5)).toHaveLength(5);
  });
});

describe('tokenCovers', () => {
  it('an address, a CIDR holding it, a last-octet range holding it; never a longer address that starts the same', () => {
    expect(covers('nmap -sT -p- 10.77.0.21', '10.77.0.21')).toBe(true);
    expect(covers('nmap -sT 10.77.0.0/24', '10.77.0.21')).toBe(true);
    expect(covers('nmap -sT 10.77.0.0/28', '10.77.0.21')).toBe(false);
    expect(covers('nmap -sT 10.77.0.1-30', '10.77.0.21')).toBe(true);
    expect(covers('nmap -sT 10.77.0.1-20', '10.77.0.21')).toBe(false);
    expect(covers('nmap -sT 10.77.1.1-30', '10.77.0.21')).toBe(false);
    expect(covers('nmap -sT 10.77.0.210', '10.77.0.21')).toBe(false);
    expect(covers('curl http://10.77.0.21:8080/x', '10.77.0.21')).toBe(true);
    expect(covers('nc -z fd00::21 1-1000', 'fd00::21')).toBe(true);
    expect(covers('nc -z fd00::2 1-1000', 'fd00::21')).toBe(false);
    expect(covers('nc -z 10.77.0.21 80', 'fd00::21')).toBe(false);
  });
});

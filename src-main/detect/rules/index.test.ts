import { describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../../../src-shared/attack';
import { DEFAULT_EXFILTRATION_CONFIG } from './exfiltration';
import { allRules, defaultRules, RULE_FACTORIES } from './index';

const RULE_COUNT = Object.keys(RULE_FACTORIES).length;

describe('rule list', () => {
  it('has one rule per factory, with unique ids, each naming a well-formed technique of the catalog', () => {
    const rules = allRules();
    expect(rules).toHaveLength(RULE_COUNT);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.technique.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(TECHNIQUES[rule.technique.id as keyof typeof TECHNIQUES]).toEqual(rule.technique);
      expect(rule.summary.length).toBeGreaterThan(20);
    }
    expect(rules.filter((r) => r.technique.id === 'T1059.004').map((r) => r.id)).toEqual(['reverse-shell', 'relayed-shell']);
    expect(rules.find((r) => r.technique.id === 'T1557.002')?.technique.tactics).toEqual(['Credential Access', 'Collection']);
  });

  it('applies per-rule overrides over the defaults and drops disabled rules', () => {
    const rules = defaultRules({ exfiltration: { thresholdBytes: 1234 }, torProxy: { enabled: false } });
    const exfil = rules.find((r) => r.id === 'exfiltration');
    expect(exfil?.config).toMatchObject({ thresholdBytes: 1234, windowMs: DEFAULT_EXFILTRATION_CONFIG.windowMs });
    expect(rules.find((r) => r.id === 'tor-proxy')).toBeUndefined();
    expect(rules).toHaveLength(defaultRules().length - 1);
  });
});

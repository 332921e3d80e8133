import { describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../../../src-shared/attack';
import { DEFAULT_DETECTION_CONFIG, defaultRules, describeRules, RULE_FACTORIES, rulesMarkdownTable } from './index';

const RULE_COUNT = Object.keys(RULE_FACTORIES).length;

describe('rule list', () => {
  it('has a detection for every catalogued technique, with unique ids', () => {
    const rules = defaultRules();
    expect([...new Set(rules.map((r) => r.techniqueId))].sort()).toEqual(Object.keys(TECHNIQUES).sort());
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules).toHaveLength(RULE_COUNT);
    expect(rules.filter((r) => r.techniqueId === 'T1059.004').map((r) => r.id)).toEqual(['reverse-shell', 'relayed-shell']);
  });

  it('applies per-rule overrides over the defaults and drops disabled rules', () => {
    const rules = defaultRules({ exfiltration: { thresholdBytes: 1234 }, torProxy: { enabled: false } });
    const exfil = rules.find((r) => r.id === 'exfiltration');
    expect(exfil?.config).toMatchObject({ thresholdBytes: 1234, windowMs: DEFAULT_DETECTION_CONFIG.exfiltration.windowMs });
    expect(rules.find((r) => r.id === 'tor-proxy')).toBeUndefined();
    expect(rules).toHaveLength(defaultRules().length - 1);
  });

  it('describes every rule with its technique name, tactics and severity', () => {
    const rows = describeRules();
    const dns = rows.find((r) => r.techniqueId === 'T1071.004');
    expect(dns).toMatchObject({ id: 'dns-anomaly', technique: 'Application Layer Protocol: DNS', tactics: ['Command and Control'], severity: 'MEDIUM' });
    expect(rows.find((r) => r.techniqueId === 'T1557.002')?.tactics).toEqual(['Credential Access', 'Collection']);
    expect(rows.every((r) => r.summary.length > 20)).toBe(true);
    const table = rulesMarkdownTable();
    expect(table.split('\n')).toHaveLength(defaultRules().length + 2);
    expect(table).toContain('| T1059.004 | Command and Scripting Interpreter: Unix Shell | Execution | CRITICAL | `reverse-shell` |');
  });
});

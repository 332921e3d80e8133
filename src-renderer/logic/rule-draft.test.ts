import { describe, expect, it } from 'vitest';
import { RULE_CATALOG, type RuleSettingsSpec } from '../../src-shared/settings';
import { draftOf, isCustomised, rulesPatch, settingsOfDraft, thresholdHint } from './rule-draft';

const dns = RULE_CATALOG.find((spec) => spec.id === 'dns-anomaly') as RuleSettingsSpec;

describe('rule drafts', () => {
  it('shows stored values, and empty fields for defaults', () => {
    const draft = draftOf(dns, { severity: 'LOW', thresholds: { persistentSocketMs: 1000 } });
    expect(draft.enabled).toBe(true);
    expect(draft.severity).toBe('LOW');
    expect(draft.thresholds['persistentSocketMs']).toBe('1000');
    expect(Object.values(draftOf(dns, undefined).thresholds).every((text) => text === '')).toBe(true);
  });

  it('keeps only what differs from the defaults', () => {
    const draft = draftOf(dns, undefined);
    expect(settingsOfDraft(dns, draft)).toBeUndefined();
    const defaultValue = String(dns.thresholds['persistentSocketMs']?.default);
    expect(
      settingsOfDraft(dns, { ...draft, severity: dns.defaultSeverity, thresholds: { ...draft.thresholds, persistentSocketMs: defaultValue } }),
    ).toBeUndefined();
    expect(settingsOfDraft(dns, { ...draft, enabled: false, thresholds: { ...draft.thresholds, persistentSocketMs: '1000' } })).toEqual({
      enabled: false,
      thresholds: { persistentSocketMs: 1000 },
    });
  });

  it('checks the patch with the schema and the catalog: one message naming the field', () => {
    const ok = rulesPatch({ 'network-scan': { enabled: false } }, 'dns-anomaly', { thresholds: { persistentSocketMs: 1000 } });
    expect(ok).toEqual({ ok: true, value: { rules: { 'network-scan': { enabled: false }, 'dns-anomaly': { thresholds: { persistentSocketMs: 1000 } } } } });
    expect(rulesPatch({ 'dns-anomaly': { enabled: false } }, 'dns-anomaly', undefined)).toEqual({ ok: true, value: { rules: {} } });
    expect(rulesPatch({}, 'dns-anomaly', { thresholds: { persistentSocketMs: 5 } })).toEqual({
      ok: false,
      error: 'rules.dns-anomaly.thresholds.persistentSocketMs: must be a whole number between 1000 and 86400000 (ms), got 5',
    });
    expect(rulesPatch({}, 'dns-anomaly', { thresholds: { persistentSocketMs: Number('abc') } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('got NaN'),
    });
  });

  it('hints the default and the bounds', () => {
    expect(thresholdHint({ min: 1000, max: 86_400_000, integer: true, unit: 'ms', label: 'l', default: 30_000 })).toBe(
      'default 30000 · 1000–86400000 ms, whole',
    );
    expect(isCustomised({})).toBe(false);
    expect(isCustomised({ enabled: false })).toBe(true);
  });
});

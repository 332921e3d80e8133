import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/model';
import { riskLevel } from '../../src-shared/report';
import { defaultSettings } from '../../src-shared/settings';
import { createDashboardStore } from './dashboard-store';

const alert = (id: string, severity: Alert['severity']): Alert => ({
  id,
  ruleId: 'non-standard-port',
  techniqueId: 'T1571',
  severity,
  title: id,
  description: '',
  firstSeen: 1,
  lastSeen: 1,
  count: 1,
  evidence: {},
});

describe('setSettings in the dashboard store', () => {
  it('a suppression added turns held alerts suppressed and the counters and risk drop at once; removed, they come back', () => {
    const store = createDashboardStore();
    store.setState({
      alerts: { a: alert('a', 'CRITICAL'), b: alert('b', 'LOW') },
      severityCounts: { CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 1 },
    });
    store.getState().setSettings(defaultSettings());
    expect(store.getState().alerts['a']?.status).toBeUndefined(); // the first settings only load: the engine already marked the alerts
    store.getState().setSettings({ ...defaultSettings(), suppressions: [{ key: 'a', reason: 'known' }] });
    const muted = store.getState();
    expect(muted.alerts['a']).toMatchObject({ status: 'suppressed', suppressedBy: { key: 'a', reason: 'known' } });
    expect(muted.severityCounts).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 1 });
    expect(muted.suppressedCount).toBe(1);
    expect(riskLevel({ CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 1 })).toBe('CRITICAL');
    expect(riskLevel(muted.severityCounts)).toBe('CLEAN'); // one LOW alert alone is no risk
    store.getState().setSettings(defaultSettings());
    expect(store.getState().alerts['a']?.status).toBe('active');
    expect(store.getState().severityCounts.CRITICAL).toBe(1);
    expect(store.getState().suppressedCount).toBe(0);
  });

  it("a rule's severity override re-grades the held alerts and the counters at once; removed, the rule's severity comes back", () => {
    const store = createDashboardStore();
    const other = { ...alert('c', 'HIGH'), ruleId: 'beaconing' };
    store.setState({
      alerts: { a: alert('a', 'CRITICAL'), b: { ...alert('b', 'HIGH'), status: 'suppressed', suppressedBy: { key: 'b' } }, c: other },
      severityCounts: { CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 0 },
    });
    store.getState().setSettings(defaultSettings());
    store.getState().setSettings({ ...defaultSettings(), rules: { 'non-standard-port': { severity: 'LOW' } } });
    const lowered = store.getState();
    expect(lowered.alerts['a']).toMatchObject({ severity: 'LOW', ruleSeverity: 'CRITICAL' });
    expect(lowered.alerts['b']).toMatchObject({ severity: 'LOW', ruleSeverity: 'HIGH' });
    expect(lowered.alerts['c']).toBe(other);
    // The suppressed alert counts in no severity.
    expect(lowered.severityCounts).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 1 });
    store.getState().setSettings(defaultSettings());
    expect(store.getState().alerts['a']).toMatchObject({ severity: 'CRITICAL' });
    expect(store.getState().alerts['a']?.ruleSeverity).toBeUndefined();
    expect(store.getState().severityCounts).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 0 });
  });

  it("the engine's counts per suppression stand until the suppressions change, then wait for the next batch", () => {
    const store = createDashboardStore();
    const suppressions = [{ key: 'a' }];
    store.setState({ settings: { ...defaultSettings(), suppressions }, suppressionCounts: [7] });
    store.getState().setSettings({ ...defaultSettings(), suppressions, rules: { beaconing: { severity: 'LOW' } } });
    expect(store.getState().suppressionCounts).toEqual([7]);
    store.getState().setSettings({ ...defaultSettings(), suppressions: [...suppressions, { key: 'b' }] });
    expect(store.getState().suppressionCounts).toBeUndefined();
  });

  it('openSuppressForm selects the alert and opens its form; undefined closes it', () => {
    const store = createDashboardStore();
    store.getState().openSuppressForm('a');
    expect(store.getState()).toMatchObject({ suppressFormFor: 'a', selectedAlertId: 'a' });
    store.getState().openSuppressForm(undefined);
    expect(store.getState().suppressFormFor).toBeUndefined();
  });
});

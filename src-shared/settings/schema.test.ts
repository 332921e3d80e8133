import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, parseSettingsPatch, parseSettingsValue } from './schema';
import type { RuleSettingsSpec } from './rules';

const SPECS: RuleSettingsSpec[] = [
  {
    id: 'network-scan',
    techniqueId: 'T1046',
    summary: 's',
    defaultSeverity: 'HIGH',
    thresholds: {
      inboundDistinctPorts: { min: 2, max: 65_535, integer: true, unit: 'count', label: 'l', default: 10 },
      kernelMinRate: { min: 1, max: 1_000_000, integer: false, unit: 'per-second', label: 'l', default: 20 },
    },
  },
  { id: 'reverse-shell', techniqueId: 'T1059', summary: 's', defaultSeverity: 'CRITICAL', thresholds: {} },
];

const error = (input: unknown): string => {
  const result = parseSettings(input, SPECS);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
  return result.error;
};

describe('settings schema', () => {
  it('fills every key left out with its default', () => {
    expect(parseSettings({}, SPECS)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(parseSettings({ privacy: {} }, SPECS)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS.privacy).toEqual({ redactSecrets: true, commandLines: 'alerts' });
  });

  it('accepts each bound exactly', () => {
    const ok = (input: object): void => expect(parseSettings(input, SPECS).ok).toBe(true);
    ok({ intervalSec: 0.5 });
    ok({ intervalSec: 3600 });
    ok({ journal: { maxAgeDays: 1, maxTotalMB: 1 } });
    ok({ journal: { maxAgeDays: 3650, maxTotalMB: 100_000 } });
    ok({ authLogs: Array.from({ length: 8 }, (_, i) => `/var/log/a${i}`) });
    ok({ homeNet: Array.from({ length: 256 }, (_, i) => `10.${i}.0.0/16`) });
    ok({ rules: { 'network-scan': { enabled: false, severity: 'LOW', thresholds: { inboundDistinctPorts: 2, kernelMinRate: 1_000_000 } } } });
    ok({ rules: { 'network-scan': { thresholds: { inboundDistinctPorts: 65_535, kernelMinRate: 1.5 } } } });
    ok({ suppressions: Array.from({ length: 1000 }, () => ({ rule: 'x' })) });
    ok({ lists: Array.from({ length: 32 }, () => ({ kind: 'bad-addresses', path: '/x' })) });
    ok({ privacy: { redactSecrets: false, commandLines: 'all' } });
  });

  it.each([
    [{ intervalSec: 0.49 }, 'intervalSec: must be a number between 0.5 and 3600 seconds, got 0.49'],
    [{ intervalSec: 3600.5 }, 'intervalSec: must be a number between 0.5 and 3600 seconds, got 3600.5'],
    [{ intervalSec: '2' }, 'intervalSec: must be a number between 0.5 and 3600 seconds, got "2"'],
    [{ intervalSec: null }, 'intervalSec: must be a number between 0.5 and 3600 seconds, got null'],
    [{ notifications: 'yes' }, 'notifications: must be true or false, got "yes"'],
    [{ homeNet: 'x' }, 'homeNet: must be a list of CIDRs, got "x"'],
    [{ homeNet: [1] }, 'homeNet.0: must be a CIDR string, got 1'],
    [{ homeNet: ['10.0.0.1'] }, 'homeNet.0: must be a CIDR such as 10.0.0.0/8, got "10.0.0.1"'],
    [{ homeNet: Array.from({ length: 257 }, () => '10.0.0.0/8') }, 'homeNet: accepts at most 256 CIDRs, got 257'],
    [
      { homeNet: ['10.0.0.0/8', '0.0.0.0/0'] },
      'homeNet.1: "0.0.0.0/0" is refused: a prefix shorter than /8 would count most or all of the Internet as internal and silence the rules that look for external peers; list your own networks instead (e.g. 10.0.0.0/8)',
    ],
    [
      { homeNet: ['::/0'] },
      'homeNet.0: "::/0" is refused: a prefix shorter than /8 would count most or all of the Internet as internal and silence the rules that look for external peers; list your own networks instead (e.g. 10.0.0.0/8)',
    ],
    [
      { homeNet: ['128.0.0.0/1'] },
      'homeNet.0: "128.0.0.0/1" is refused: a prefix shorter than /8 would count most or all of the Internet as internal and silence the rules that look for external peers; list your own networks instead (e.g. 10.0.0.0/8)',
    ],
    [{ rules: [] }, 'rules: must be an object keyed by rule id, got an array'],
    [{ rules: { nope: {} } }, 'rules.nope: unknown rule "nope" (known: network-scan, reverse-shell)'],
    [{ rules: { 'network-scan': { on: true } } }, 'rules.network-scan.on: unknown key "on" (expected enabled, severity or thresholds)'],
    [{ rules: { 'network-scan': { enabled: 1 } } }, 'rules.network-scan.enabled: must be true or false, got 1'],
    [{ rules: { 'network-scan': { severity: 'high' } } }, 'rules.network-scan.severity: must be one of LOW, MEDIUM, HIGH, CRITICAL, got "high"'],
    [
      { rules: { 'network-scan': { thresholds: { inboundDistinctPorts: 1 } } } },
      'rules.network-scan.thresholds.inboundDistinctPorts: must be a whole number between 2 and 65535, got 1',
    ],
    [
      { rules: { 'network-scan': { thresholds: { inboundDistinctPorts: 65_536 } } } },
      'rules.network-scan.thresholds.inboundDistinctPorts: must be a whole number between 2 and 65535, got 65536',
    ],
    [
      { rules: { 'network-scan': { thresholds: { inboundDistinctPorts: 2.5 } } } },
      'rules.network-scan.thresholds.inboundDistinctPorts: must be a whole number between 2 and 65535, got 2.5',
    ],
    [
      { rules: { 'network-scan': { thresholds: { kernelMinRate: 0.5 } } } },
      'rules.network-scan.thresholds.kernelMinRate: must be a number between 1 and 1000000 (per-second), got 0.5',
    ],
    [
      { rules: { 'network-scan': { thresholds: { kernelMinRate: 1_000_001 } } } },
      'rules.network-scan.thresholds.kernelMinRate: must be a number between 1 and 1000000 (per-second), got 1000001',
    ],
    [
      { rules: { 'network-scan': { thresholds: { maxTracked: 5 } } } },
      'rules.network-scan.thresholds.maxTracked: unknown threshold "maxTracked" for rule network-scan (known: inboundDistinctPorts, kernelMinRate)',
    ],
    [{ rules: { 'reverse-shell': { thresholds: { x: 5 } } } }, 'rules.reverse-shell.thresholds.x: unknown threshold "x" for rule reverse-shell (known: none)'],
    [{ suppressions: {} }, 'suppressions: must be a list of suppressions, got a object'],
    [{ suppressions: Array.from({ length: 1001 }, () => ({ rule: 'x' })) }, 'suppressions: accepts at most 1000 suppressions, got 1001'],
    [{ suppressions: [{}] }, 'suppressions.0: must name at least one of key, rule, technique, process, destination'],
    [{ suppressions: [{ reason: 'only a reason' }] }, 'suppressions.0: must name at least one of key, rule, technique, process, destination'],
    [
      { suppressions: [{ rule: 'x', host: 'y' }] },
      'suppressions.0.host: unknown field "host" (expected key, rule, technique, process, destination, until or reason)',
    ],
    [{ suppressions: [{ technique: 'T15' }] }, 'suppressions.0.technique: must be an ATT&CK technique id such as T1571 or T1090.003, got "T15"'],
    [
      { suppressions: [{ destination: '10.0.0.5:99999' }] },
      'suppressions.0.destination: must be an address, address:port or CIDR (e.g. 10.0.0.5:4444 or 10.0.0.0/8), got "10.0.0.5:99999"',
    ],
    [
      { suppressions: [{ destination: 'example.com' }] },
      'suppressions.0.destination: must be an address, address:port or CIDR (e.g. 10.0.0.5:4444 or 10.0.0.0/8), got "example.com"',
    ],
    [{ suppressions: [{ rule: 'x', until: 'tomorrow' }] }, 'suppressions.0.until: must be an ISO time such as 2030-01-31T12:00:00Z, got "tomorrow"'],
    [{ suppressions: [{ rule: 'x', until: 5 }] }, 'suppressions.0.until: must be an ISO time, got 5'],
    [{ suppressions: [{ rule: '' }] }, 'suppressions.0.rule: must be 1 to 100 characters, got ""'],
    [{ suppressions: [{ key: 'k'.repeat(513) }] }, `suppressions.0.key: must be 1 to 512 characters, got "${'k'.repeat(60)}…"`],
    [{ suppressions: [{ process: 7 }] }, 'suppressions.0.process: must be text, got 7'],
    [{ suppressions: [{ rule: 'x', reason: 'r'.repeat(501) }] }, 'suppressions.0.reason: must be at most 500 characters'],
    [{ lists: [{ kind: 'ads', path: '/x' }] }, 'lists.0.kind: must be one of tor-relays, bad-addresses, got "ads"'],
    [{ lists: [{ kind: 'tor-relays', path: '' }] }, 'lists.0.path: must be a file path of 1 to 4096 characters'],
    [{ lists: [{ kind: 'tor-relays' }] }, 'lists.0.path: is required'],
    [{ lists: [{ kind: 'tor-relays', path: '/x', url: 'http://x' }] }, 'lists.0.url: unknown field "url" (expected kind, path or name)'],
    [{ lists: Array.from({ length: 33 }, () => ({ kind: 'bad-addresses', path: '/x' })) }, 'lists: accepts at most 32 lists, got 33'],
    [{ privacy: { redactSecrets: 'no' } }, 'privacy.redactSecrets: must be true or false, got "no"'],
    [{ privacy: { commandLines: 'none' } }, 'privacy.commandLines: must be "alerts" or "all", got "none"'],
    [{ privacy: { secrets: true } }, 'privacy.secrets: unknown field "secrets" (expected redactSecrets or commandLines)'],
    [{ journal: { maxAgeDays: 0 } }, 'journal.maxAgeDays: must be a whole number between 1 and 3650 days, got 0'],
    [{ journal: { maxAgeDays: 3651 } }, 'journal.maxAgeDays: must be a whole number between 1 and 3650 days, got 3651'],
    [{ journal: { maxAgeDays: 1.5 } }, 'journal.maxAgeDays: must be a whole number between 1 and 3650 days, got 1.5'],
    [{ journal: { maxTotalMB: 0 } }, 'journal.maxTotalMB: must be a whole number between 1 and 100000 MB, got 0'],
    [{ journal: { maxTotalMB: 100_001 } }, 'journal.maxTotalMB: must be a whole number between 1 and 100000 MB, got 100001'],
    [{ journal: { keep: 1 } }, 'journal.keep: unknown field "keep" (expected maxAgeDays or maxTotalMB)'],
    [
      { interval: 2 },
      'interval: unknown setting "interval" (known: intervalSec, homeNet, notifications, rules, suppressions, lists, privacy, journal, authLogs)',
    ],
    [{ authLogs: ['auth.log'] }, 'authLogs.0: must be an absolute file path of at most 4096 characters'],
    [{ authLogs: [3] }, 'authLogs.0: must be a file path, got 3'],
    [{ authLogs: Array.from({ length: 9 }, (_, i) => `/var/log/a${i}`) }, 'authLogs: accepts at most 8 files, got 9'],
  ])('case %# is rejected with one message naming the field', (input, message) => {
    expect(error(input)).toBe(message);
  });

  it.each([null, [], 'x', 3, new Date()])('rejects a document that is not an object: %j', (input) => {
    expect(error(input)).toMatch(/^settings: must be a JSON object, got /);
  });

  it('trims and de-duplicates HOME_NET and trims suppression text', () => {
    const result = parseSettings({ homeNet: [' 10.0.0.0/8', '10.0.0.0/8 '], suppressions: [{ process: ' sshd ' }] }, SPECS);
    expect(result.ok && result.value.homeNet).toEqual(['10.0.0.0/8']);
    expect(result.ok && result.value.suppressions).toEqual([{ process: 'sshd' }]);
  });

  it('checks rule thresholds for shape only when no catalog is given (the renderer before it has one)', () => {
    expect(parseSettings({ rules: { anything: { thresholds: { x: 5 } } } }).ok).toBe(true);
    const bad = parseSettings({ rules: { anything: { thresholds: { x: 'five' } } } });
    expect(bad).toEqual({ ok: false, error: 'rules.anything.thresholds.x: must be a number, got "five"' });
  });

  it('a patch carries only the keys given; a single value is checked under its key', () => {
    expect(parseSettingsPatch({ notifications: false }, SPECS)).toEqual({ ok: true, value: { notifications: false } });
    expect(parseSettingsValue('journal', { maxAgeDays: 0 }, SPECS)).toEqual({
      ok: false,
      error: 'journal.maxAgeDays: must be a whole number between 1 and 3650 days, got 0',
    });
    expect(parseSettingsValue('intervalSec', 0, SPECS)).toEqual({ ok: false, error: 'intervalSec: must be a number between 0.5 and 3600 seconds, got 0' });
  });
});

// The one settings schema: the JSON the app stores, `netsentinel monitor --config FILE` reads,
// IPC accepts and the Settings view checks. Rule thresholds come from the rule registry's specs.
import * as v from 'valibot';
import { HOME_NET_MIN_PREFIX, homeNetEntryProblem, parseCidr } from '../net';
import type { PrivacyOptions } from '../privacy';
import { AUTH_LOGS_MAX, HOME_NET_MAX_ENTRIES, INTERVAL_SEC, JOURNAL_MAX_AGE_DAYS, JOURNAL_MAX_TOTAL_MB, LISTS_MAX, SUPPRESSIONS_MAX, TEXT_MAX } from './bounds';
import { isPlainObject, issueMessage, objectMessage, shown, type Checked } from './messages';
import { rulesSchema, type RuleSettings, type RuleSettingsSpec } from './rules';
import { suppressionSchema, type Suppression } from './suppression';

export const THREAT_LIST_KINDS = ['tor-relays', 'bad-addresses'] as const;
export type ThreatListKind = (typeof THREAT_LIST_KINDS)[number];

/** A list file the user loads; its name appears in the alerts it raises (default: the file name). */
export interface ThreatListRef {
  kind: ThreatListKind;
  path: string;
  name?: string;
}

/** The collector's privacy options (src-shared/privacy.ts), as stored in the settings. */
export type PrivacySettings = PrivacyOptions;

export interface JournalSettings {
  /** Session journals older than this are deleted. */
  maxAgeDays: number;
  /** The oldest journals are deleted while the folder holds more than this. */
  maxTotalMB: number;
}

export interface MonitorSettings {
  /** Seconds between ticks. */
  intervalSec: number;
  /** CIDRs that count as internal, in addition to the built-in private ranges and local subnets. */
  homeNet: string[];
  /** A desktop notification for each new critical alert. */
  notifications: boolean;
  /** Overrides per rule id; a rule left out keeps its defaults. */
  rules: Record<string, RuleSettings>;
  suppressions: Suppression[];
  lists: ThreatListRef[];
  privacy: PrivacySettings;
  journal: JournalSettings;
  /** Auth logs to follow for failed logins besides /var/log/auth.log and /var/log/secure (absolute paths). */
  authLogs: string[];
}

export function defaultSettings(): MonitorSettings {
  return {
    intervalSec: INTERVAL_SEC.default,
    homeNet: [],
    notifications: true,
    rules: {},
    suppressions: [],
    lists: [],
    privacy: { redactSecrets: true, commandLines: 'alerts' },
    journal: { maxAgeDays: JOURNAL_MAX_AGE_DAYS.default, maxTotalMB: JOURNAL_MAX_TOTAL_MB.default },
    authLogs: [],
  };
}

export const DEFAULT_SETTINGS: Readonly<MonitorSettings> = defaultSettings();

export const SETTINGS_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof MonitorSettings)[];

const bool = v.boolean((issue) => `must be true or false, got ${shown(issue.input)}`);

function boundedNumber(bounds: { min: number; max: number }, unit: string, integer = false) {
  const expected = `must be ${integer ? 'a whole number' : 'a number'} between ${bounds.min} and ${bounds.max} ${unit}`;
  return v.pipe(
    v.number((issue) => `${expected}, got ${shown(issue.input)}`),
    v.check(
      (n) => Number.isFinite(n) && n >= bounds.min && n <= bounds.max && (!integer || Number.isInteger(n)),
      (issue) => `${expected}, got ${shown(issue.input)}`,
    ),
  );
}

function boundedArray<T extends v.GenericSchema>(item: T, max: number, what: string) {
  return v.pipe(
    v.array(item, (issue) => `must be a list of ${what}, got ${shown(issue.input)}`),
    v.maxLength(max, (issue) => `accepts at most ${max} ${what}, got ${(issue.input as unknown[]).length}`),
  );
}

const homeNetSchema = v.pipe(
  boundedArray(
    v.pipe(
      v.string((issue) => `must be a CIDR string, got ${shown(issue.input)}`),
      v.trim(),
      v.check(
        (s) => s.includes('/') && parseCidr(s) !== null,
        (issue) => `must be a CIDR such as 10.0.0.0/8, got ${shown(issue.input)}`,
      ),
      // Too broad a range makes the Internet internal; the CLI flag, --config, IPC and the settings file all refuse it here.
      v.check(
        (s) => (parseCidr(s)?.prefixLength ?? HOME_NET_MIN_PREFIX) >= HOME_NET_MIN_PREFIX,
        (issue) => homeNetEntryProblem(issue.input as string) ?? `must be a CIDR of at least /${HOME_NET_MIN_PREFIX}`,
      ),
    ),
    HOME_NET_MAX_ENTRIES,
    'CIDRs',
  ),
  v.transform((cidrs) => [...new Set(cidrs)]),
);

const listSchema = v.strictObject(
  {
    kind: v.picklist(THREAT_LIST_KINDS, (issue) => `must be one of ${THREAT_LIST_KINDS.join(', ')}, got ${shown(issue.input)}`),
    path: v.pipe(
      v.string((issue) => `must be a file path, got ${shown(issue.input)}`),
      v.check((s) => s.length > 0 && s.length <= TEXT_MAX.path, `must be a file path of 1 to ${TEXT_MAX.path} characters`),
    ),
    name: v.optional(
      v.pipe(
        v.string((issue) => `must be text, got ${shown(issue.input)}`),
        v.trim(),
        v.check((s) => s.length > 0 && s.length <= TEXT_MAX.listName, `must be 1 to ${TEXT_MAX.listName} characters`),
      ),
    ),
  },
  objectMessage((field) => `unknown field ${field} (expected kind, path or name)`),
);

const privacySchema = v.strictObject(
  {
    redactSecrets: v.optional(bool, true),
    commandLines: v.optional(
      v.picklist(['alerts', 'all'] as const, (issue) => `must be "alerts" or "all", got ${shown(issue.input)}`),
      'alerts',
    ),
  },
  objectMessage((field) => `unknown field ${field} (expected redactSecrets or commandLines)`),
);

const journalSchema = v.strictObject(
  {
    maxAgeDays: v.optional(boundedNumber(JOURNAL_MAX_AGE_DAYS, 'days', true), JOURNAL_MAX_AGE_DAYS.default),
    maxTotalMB: v.optional(boundedNumber(JOURNAL_MAX_TOTAL_MB, 'MB', true), JOURNAL_MAX_TOTAL_MB.default),
  },
  objectMessage((field) => `unknown field ${field} (expected maxAgeDays or maxTotalMB)`),
);

const authLogsSchema = v.pipe(
  boundedArray(
    v.pipe(
      v.string((issue) => `must be a file path, got ${shown(issue.input)}`),
      v.check((s) => s.startsWith('/') && s.length <= TEXT_MAX.path, `must be an absolute file path of at most ${TEXT_MAX.path} characters`),
    ),
    AUTH_LOGS_MAX,
    'files',
  ),
  v.transform((paths) => [...new Set(paths)]),
);

type SectionSchemas = { [K in keyof MonitorSettings]: v.GenericSchema<unknown, MonitorSettings[K]> };

/** One schema per top-level key. `specs` is the rule registry's catalog; without it rule thresholds are checked for shape only. */
export function settingsSections(specs?: readonly RuleSettingsSpec[]): SectionSchemas {
  return {
    intervalSec: boundedNumber(INTERVAL_SEC, 'seconds'),
    homeNet: homeNetSchema,
    notifications: bool,
    rules: rulesSchema(specs),
    suppressions: boundedArray(suppressionSchema, SUPPRESSIONS_MAX, 'suppressions') as v.GenericSchema<unknown, Suppression[]>,
    lists: boundedArray(listSchema, LISTS_MAX, 'lists') as v.GenericSchema<unknown, ThreatListRef[]>,
    privacy: privacySchema,
    journal: journalSchema,
    authLogs: authLogsSchema,
  };
}

function objectOf(sections: SectionSchemas, optionalOnly: boolean) {
  const entries = Object.fromEntries(
    SETTINGS_KEYS.map((key) => [key, optionalOnly ? v.optional(sections[key]) : v.optional(sections[key], () => defaultSettings()[key])]),
  );
  return v.strictObject(
    entries,
    objectMessage((field) => `unknown setting ${field} (known: ${SETTINGS_KEYS.join(', ')})`),
  );
}

function checked<T>(schema: v.GenericSchema, input: unknown): Checked<T> {
  if (!isPlainObject(input)) return { ok: false, error: `settings: must be a JSON object, got ${shown(input)}` };
  const result = v.safeParse(schema, input);
  return result.success ? { ok: true, value: result.output as T } : { ok: false, error: issueMessage(result.issues) };
}

/** A whole settings document (a settings.json or a --config file); keys left out take their defaults. */
export function parseSettings(input: unknown, specs?: readonly RuleSettingsSpec[]): Checked<MonitorSettings> {
  return checked<MonitorSettings>(objectOf(settingsSections(specs), false), input);
}

/** A partial update (IPC `updateSettings`): known keys only; each given key replaces that whole section. */
export function parseSettingsPatch(input: unknown, specs?: readonly RuleSettingsSpec[]): Checked<Partial<MonitorSettings>> {
  const result = checked<Partial<MonitorSettings>>(objectOf(settingsSections(specs), true), input);
  if (!result.ok) return result;
  // valibot keeps optional keys given as undefined; drop them so a merge cannot erase a section.
  const value = Object.fromEntries(Object.entries(result.value).filter(([, v]) => v !== undefined)) as Partial<MonitorSettings>;
  return { ok: true, value };
}

/** One top-level value, for a store that keeps the valid keys of a partly broken file. */
export function parseSettingsValue<K extends keyof MonitorSettings>(key: K, input: unknown, specs?: readonly RuleSettingsSpec[]): Checked<MonitorSettings[K]> {
  const result = v.safeParse(settingsSections(specs)[key], input);
  if (result.success) return { ok: true, value: result.output as MonitorSettings[K] };
  return { ok: false, error: issueMessage(result.issues, key) };
}

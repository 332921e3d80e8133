// `netsentinel` argument parsing with node:util parseArgs: pure, so every message is testable.
// Settings flags are checked by the same schema as the settings file (src-shared/settings).
import { resolve } from 'node:path';
import { parseArgs as parseNodeArgs } from 'node:util';
import { parseSettingsValue, type MonitorSettings } from '../../src-shared/settings';
import { parseSyslogTarget, type SyslogTarget } from '../sinks/syslog-sink';

/** Flags that override the settings (from --config, or the defaults). */
export type SettingsOverrides = Partial<Pick<MonitorSettings, 'intervalSec' | 'homeNet' | 'authLogs'>>;

export interface MonitorArgs {
  command: 'monitor';
  durationSec: number;
  output: string;
  jsonLines: boolean;
  /** Show the full-screen dashboard when stdout is a terminal (`--no-tui`: the one-line status instead). */
  tui: boolean;
  /** `--config FILE`: the settings JSON the app stores. */
  configPath?: string;
  /** `--ecs FILE|-`: one ECS document per alert change, NDJSON, appended. */
  ecs?: string;
  /** `--syslog HOST:PORT|tcp://HOST:PORT`: one RFC 5424 message per alert change. */
  syslog?: SyslogTarget;
  overrides: SettingsOverrides;
  /** `--journal DIR`: write the session journal there (off unless given). */
  journalDir?: string;
}

export interface ReplayArgs {
  command: 'replay';
  journal: string;
  output: string;
}

export interface NavigatorArgs {
  command: 'navigator';
  report: string;
  output: string;
}

export type ParsedArgs = MonitorArgs | ReplayArgs | NavigatorArgs | { command: 'help' } | { command: 'version' } | { command: 'error'; message: string };

export const USAGE = `Usage: netsentinel monitor [options]
       netsentinel replay JOURNAL_FILE -o report.json
       netsentinel navigator REPORT.json -o LAYER.json

Watches this computer's connections, listening ports, ARP table and processes,
detects attacks by MITRE ATT&CK technique, and writes a JSON report.

Options:
  -d, --duration <seconds>   how long to monitor (default 60; Ctrl+C stops early)
  -o, --output <file>        report path (default netsentinel_report.json)
  -c, --config <file>        settings JSON (the app's settings.json format); flags override it
  -i, --interval <seconds>   seconds between snapshots (default 2; 0.5 to 3600)
      --no-tui               no full-screen dashboard on a terminal: one status line instead
      --json-lines           also stream ticks and alerts to stdout as NDJSON (--no-json-lines: off)
      --home-net <cidrs>     internal networks, comma-separated (e.g. 10.20.0.0/16); replaces the config's
      --auth-log <file>      follow this auth log for failed logins (sshd, dropbear) besides /var/log/auth.log
                             and /var/log/secure; repeat for more; replaces the config's authLogs
      --ecs <file|->         append one ECS (Elastic Common Schema) document per alert change, NDJSON
      --syslog <target>      send each alert change as RFC 5424 syslog: HOST:PORT (UDP) or tcp://HOST:PORT
      --journal <dir>        write the session journal (NDJSON, one file per session) into this folder;
                             journals there older or bigger than the config's journal limits are pruned

replay: rebuilds the report of a session from a journal file written under --journal

navigator: writes an ATT&CK Navigator layer (format 4.5) scoring each technique of a saved report
  -h, --help                 show this help
  -v, --version              print the version`;

export const DURATION_SEC_MAX = 7 * 24 * 3600;

const MONITOR_OPTIONS = {
  duration: { type: 'string', short: 'd' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  interval: { type: 'string', short: 'i' },
  'json-lines': { type: 'boolean' },
  tui: { type: 'boolean' },
  'home-net': { type: 'string' },
  'auth-log': { type: 'string', multiple: true },
  ecs: { type: 'string' },
  syslog: { type: 'string' },
  journal: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type MonitorValues = Partial<Record<keyof typeof MONITOR_OPTIONS, string | boolean | string[]>>;

class UsageError extends Error {}

/** node:util's messages, said in this CLI's words. */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'(-[^' ,]+)(?:, (--[^' ]+))?/.exec(error.message);
  const name = option?.[2] ?? option?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option "${name}"`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[0] ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(error.message)
        ? `${name} takes no value (use ${name} or --no-${name.replace(/^--/, '')})`
        : `${name} needs a value`;
    default:
      return error.message;
  }
}

function seconds(flag: string, raw: string, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(`${flag}: must be a number of seconds above 0 and at most ${max}, got "${raw}"`);
  }
  return value;
}

/** A settings flag checked by the settings schema; the message names the flag. */
function settingFlag<K extends keyof SettingsOverrides>(flag: string, key: K, value: unknown): MonitorSettings[K] {
  const checked = parseSettingsValue(key, value);
  if (!checked.ok) throw new UsageError(`${flag}: ${checked.error.replace(/^[\w.]+: /, '')}`);
  return checked.value;
}

function monitorArgs(values: MonitorValues): MonitorArgs {
  const args: MonitorArgs = {
    command: 'monitor',
    durationSec: 60,
    output: 'netsentinel_report.json',
    jsonLines: values['json-lines'] === true,
    tui: values.tui !== false,
    overrides: {},
  };
  if (typeof values.duration === 'string') args.durationSec = seconds('--duration', values.duration, DURATION_SEC_MAX);
  if (typeof values.output === 'string') {
    if (values.output === '') throw new UsageError('--output needs a file path');
    args.output = values.output;
  }
  if (typeof values.config === 'string') {
    if (values.config === '') throw new UsageError('--config needs a file path');
    args.configPath = values.config;
  }
  if (typeof values.interval === 'string') {
    const raw = values.interval;
    args.overrides.intervalSec = settingFlag('--interval', 'intervalSec', raw.trim() === '' ? raw : Number(raw));
  }
  sinkArgs(values, args);
  if (typeof values.journal === 'string') {
    if (values.journal === '') throw new UsageError('--journal needs a folder');
    args.journalDir = values.journal;
  }
  if (typeof values['home-net'] === 'string') {
    args.overrides.homeNet = settingFlag(
      '--home-net',
      'homeNet',
      values['home-net']
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
  if (Array.isArray(values['auth-log'])) {
    const paths = values['auth-log'].map((path) => (path === '' ? path : resolve(path)));
    if (paths.includes('')) throw new UsageError('--auth-log needs a file path');
    args.overrides.authLogs = settingFlag('--auth-log', 'authLogs', paths);
  }
  return args;
}

function sinkArgs(values: MonitorValues, args: MonitorArgs): void {
  if (typeof values.ecs === 'string') {
    if (values.ecs === '') throw new UsageError('--ecs needs a file path, or - for stdout');
    if (values.ecs === '-' && args.jsonLines) throw new UsageError('--ecs - and --json-lines both write to stdout; give --ecs a file');
    args.ecs = values.ecs;
  }
  if (typeof values.syslog === 'string') {
    const target = parseSyslogTarget(values.syslog);
    if ('error' in target) throw new UsageError(`--syslog: ${target.error}`);
    args.syslog = target;
  }
}

function replayArgs(rest: readonly string[]): ParsedArgs {
  const { values, positionals } = parseNodeArgs({ args: [...rest], options: { output: { type: 'string', short: 'o' } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1 || !positionals[0])
    return { command: 'error', message: 'replay needs one journal file: netsentinel replay JOURNAL_FILE -o report.json' };
  if (values.output === '') return { command: 'error', message: '--output needs a file path' };
  return { command: 'replay', journal: positionals[0], output: values.output ?? 'netsentinel_report.json' };
}

function navigatorArgs(rest: readonly string[]): ParsedArgs {
  const { values, positionals } = parseNodeArgs({ args: [...rest], options: { output: { type: 'string', short: 'o' } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1) return { command: 'error', message: 'navigator needs one report file: netsentinel navigator REPORT.json -o LAYER.json' };
  if (!values.output) return { command: 'error', message: 'navigator needs -o LAYER.json' };
  return { command: 'navigator', report: positionals[0] as string, output: values.output };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (command === '-v' || command === '--version') return { command: 'version' };
  if (command !== 'monitor' && command !== 'navigator' && command !== 'replay') {
    return { command: 'error', message: `unknown command "${command}" (expected "monitor", "replay" or "navigator")` };
  }
  try {
    if (command === 'navigator') return navigatorArgs(rest);
    if (command === 'replay') return replayArgs(rest);
    const { values } = parseNodeArgs({ args: [...rest], options: MONITOR_OPTIONS, strict: true, allowPositionals: false, allowNegative: true });
    if (values.help) return { command: 'help' };
    if (values.version) return { command: 'version' };
    return monitorArgs(values);
  } catch (error) {
    if (error instanceof UsageError) return { command: 'error', message: error.message };
    return { command: 'error', message: usageMessage(error as Error & { code?: string }) };
  }
}

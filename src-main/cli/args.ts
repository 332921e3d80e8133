// `netsentinel monitor` argument parsing: pure, so every message is testable.
import { homeNetEntryProblem } from '../../src-shared/net';

export interface MonitorArgs {
  command: 'monitor';
  durationSec: number;
  output: string;
  intervalSec: number;
  jsonLines: boolean;
  homeNet: string[];
}

export type ParsedArgs = MonitorArgs | { command: 'help' } | { command: 'version' } | { command: 'error'; message: string };

export const USAGE = `Usage: netsentinel monitor [options]

Watches this computer's connections, listening ports, ARP table and processes,
detects attacks by MITRE ATT&CK technique, and writes a JSON report.

Options:
  -d, --duration <seconds>   how long to monitor (default 60; Ctrl+C stops early)
  -o, --output <file>        report path (default netsentinel_report.json)
  -i, --interval <seconds>   seconds between snapshots (default 2)
      --json-lines           also stream alerts to stdout as NDJSON
      --home-net <cidrs>     extra internal networks, comma-separated (e.g. 10.20.0.0/16)
  -h, --help                 show this help
  -v, --version              print the version`;

const DEFAULTS = { durationSec: 60, output: 'netsentinel_report.json', intervalSec: 2 };

function positiveNumber(flag: string, raw: string | undefined, max: number): number | string {
  if (raw === undefined || raw.startsWith('-')) return `${flag} needs a value`;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) return `${flag} must be a positive number of seconds, got "${raw}"`;
  if (value > max) return `${flag} must be at most ${max} seconds, got ${raw}`;
  return value;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (command === '-v' || command === '--version') return { command: 'version' };
  if (command !== 'monitor') return { command: 'error', message: `unknown command "${command}" (expected "monitor")` };

  const args: MonitorArgs = { command: 'monitor', ...DEFAULTS, jsonLines: false, homeNet: [] };
  for (let i = 0; i < rest.length; i += 1) {
    const token = rest[i] as string;
    const [flag, inlineValue] = token.startsWith('--') && token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
    const takeValue = (): string | undefined => inlineValue ?? rest[++i];
    switch (flag) {
      case '-d': case '--duration': {
        const value = positiveNumber(flag, takeValue(), 7 * 24 * 3600);
        if (typeof value === 'string') return { command: 'error', message: value };
        args.durationSec = value;
        break;
      }
      case '-i': case '--interval': {
        const value = positiveNumber(flag, takeValue(), 3600);
        if (typeof value === 'string') return { command: 'error', message: value };
        if (value < 0.1) return { command: 'error', message: `${flag} must be at least 0.1 seconds` };
        args.intervalSec = value;
        break;
      }
      case '-o': case '--output': {
        const value = takeValue();
        if (!value) return { command: 'error', message: `${flag} needs a file path` };
        args.output = value;
        break;
      }
      case '--json-lines':
        args.jsonLines = true;
        break;
      case '--home-net': {
        const value = takeValue();
        if (!value) return { command: 'error', message: `${flag} needs a comma-separated list of CIDRs` };
        const cidrs = value.split(',').map((s) => s.trim()).filter(Boolean);
        const problem = cidrs.map(homeNetEntryProblem).find((p) => p !== undefined);
        if (problem !== undefined) return { command: 'error', message: `${flag}: ${problem}` };
        args.homeNet.push(...cidrs);
        break;
      }
      case '-h': case '--help':
        return { command: 'help' };
      default:
        return { command: 'error', message: `unknown option "${token}"` };
    }
  }
  return args;
}

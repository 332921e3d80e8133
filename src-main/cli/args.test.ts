import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeNetEntryProblem } from '../../src-shared/net';
import { parseArgs } from './args';

describe('parseArgs', () => {
  it('uses the documented defaults; settings come from the config or the schema defaults', () => {
    expect(parseArgs(['monitor'])).toEqual({
      command: 'monitor',
      durationSec: 60,
      output: 'netsentinel_report.json',
      jsonLines: false,
      tui: true,
      overrides: {},
    });
  });

  it('reads short and long flags, including --flag=value', () => {
    expect(parseArgs(['monitor', '-d', '5', '-o', 'r.json', '--interval=0.5', '--json-lines', '--home-net', '10.9.0.0/16,fd00::/8', '-c', 'cfg.json'])).toEqual(
      {
        command: 'monitor',
        durationSec: 5,
        output: 'r.json',
        jsonLines: true,
        tui: true,
        configPath: 'cfg.json',
        overrides: { intervalSec: 0.5, homeNet: ['10.9.0.0/16', 'fd00::/8'] },
      },
    );
  });

  it('never turns JSON lines on from --json-lines=false; --no-json-lines turns them off', () => {
    expect(parseArgs(['monitor', '--json-lines=false'])).toEqual({
      command: 'error',
      message: '--json-lines takes no value (use --json-lines or --no-json-lines)',
    });
    expect(parseArgs(['monitor', '--json-lines=true'])).toMatchObject({ command: 'error' });
    expect(parseArgs(['monitor', '--json-lines', '--no-json-lines'])).toMatchObject({ command: 'monitor', jsonLines: false });
    expect(parseArgs(['monitor', '--no-json-lines'])).toMatchObject({ command: 'monitor', jsonLines: false });
  });

  it('shows the dashboard unless --no-tui', () => {
    expect(parseArgs(['monitor', '--no-tui'])).toMatchObject({ command: 'monitor', tui: false });
    expect(parseArgs(['monitor', '--tui=no'])).toMatchObject({ command: 'error' });
  });

  it('checks --interval and --home-net with the settings schema, naming the flag', () => {
    expect(parseArgs(['monitor', '-i', '0.4'])).toEqual({ command: 'error', message: '--interval: must be a number between 0.5 and 3600 seconds, got 0.4' });
    expect(parseArgs(['monitor', '-i', '3601'])).toEqual({ command: 'error', message: '--interval: must be a number between 0.5 and 3600 seconds, got 3601' });
    expect(parseArgs(['monitor', '-i', 'fast'])).toEqual({ command: 'error', message: '--interval: must be a number between 0.5 and 3600 seconds, got NaN' });
    expect(parseArgs(['monitor', '-i', '3600'])).toMatchObject({ overrides: { intervalSec: 3600 } });
    expect(parseArgs(['monitor', '--home-net', '10.0.0.0/8,10.300.0.0/16'])).toEqual({
      command: 'error',
      message: '--home-net: must be a CIDR such as 10.0.0.0/8, got "10.300.0.0/16"',
    });
    expect(parseArgs(['monitor', '--home-net', '10.0.0.0/8,0.0.0.0/0'])).toEqual({
      command: 'error',
      message: `--home-net: ${homeNetEntryProblem('0.0.0.0/0')}`,
    });
    expect(parseArgs(['monitor', '--home-net', '::/0'])).toEqual({ command: 'error', message: `--home-net: ${homeNetEntryProblem('::/0')}` });
    expect(parseArgs(['monitor', '--home-net', '10.0.0.0/8,fd00::/8'])).toMatchObject({ overrides: { homeNet: ['10.0.0.0/8', 'fd00::/8'] } });
  });

  it('takes --auth-log more than once, as absolute paths checked by the settings schema', () => {
    expect(parseArgs(['monitor', '--auth-log', '/var/log/sshd.log', '--auth-log', 'logs/dropbear.log'])).toMatchObject({
      overrides: { authLogs: ['/var/log/sshd.log', resolve('logs/dropbear.log')] },
    });
    expect(parseArgs(['monitor', '--auth-log', ''])).toEqual({ command: 'error', message: '--auth-log needs a file path' });
    const nine = Array.from({ length: 9 }, (_, i) => ['--auth-log', `/l${i}`]).flat();
    expect(parseArgs(['monitor', ...nine])).toEqual({ command: 'error', message: '--auth-log: accepts at most 8 files, got 9' });
  });

  it('explains bad input instead of guessing', () => {
    expect(parseArgs(['monitor', '-d', 'abc'])).toEqual({
      command: 'error',
      message: '--duration: must be a number of seconds above 0 and at most 604800, got "abc"',
    });
    expect(parseArgs(['monitor', '-d', '0'])).toEqual({
      command: 'error',
      message: '--duration: must be a number of seconds above 0 and at most 604800, got "0"',
    });
    expect(parseArgs(['monitor', '-d'])).toEqual({ command: 'error', message: '--duration needs a value' });
    expect(parseArgs(['monitor', '-o'])).toEqual({ command: 'error', message: '--output needs a value' });
    expect(parseArgs(['monitor', '--output='])).toEqual({ command: 'error', message: '--output needs a file path' });
    expect(parseArgs(['monitor', '--bogus'])).toEqual({ command: 'error', message: 'unknown option "--bogus"' });
    expect(parseArgs(['monitor', 'extra'])).toEqual({ command: 'error', message: "unexpected argument 'extra'" });
    expect(parseArgs(['navigator', 'r.json'])).toEqual({ command: 'error', message: 'navigator needs -o LAYER.json' });
    expect(parseArgs(['navigator', 'r.json', '-o', 'l.json'])).toEqual({ command: 'navigator', report: 'r.json', output: 'l.json' });
    expect(parseArgs(['monitor', '--syslog', 'tcp://[::1]:6514'])).toMatchObject({ syslog: { transport: 'tcp', host: '::1', port: 6514 } });
    expect(parseArgs(['scan'])).toEqual({ command: 'error', message: 'unknown command "scan" (expected "monitor", "replay" or "navigator")' });
  });

  it('reads --journal DIR (off unless given) and the replay command', () => {
    expect(parseArgs(['monitor', '--journal', '/var/lib/ns'])).toMatchObject({ command: 'monitor', journalDir: '/var/lib/ns' });
    expect(parseArgs(['monitor'])).not.toHaveProperty('journalDir');
    expect(parseArgs(['monitor', '--journal='])).toEqual({ command: 'error', message: '--journal needs a folder' });
    expect(parseArgs(['monitor', '--journal'])).toEqual({ command: 'error', message: '--journal needs a value' });
    expect(parseArgs(['replay', 'j.ndjson', '-o', 'r.json'])).toEqual({ command: 'replay', journal: 'j.ndjson', output: 'r.json' });
    expect(parseArgs(['replay', 'j.ndjson'])).toEqual({ command: 'replay', journal: 'j.ndjson', output: 'netsentinel_report.json' });
    expect(parseArgs(['replay'])).toEqual({ command: 'error', message: 'replay needs one journal file: netsentinel replay JOURNAL_FILE -o report.json' });
    expect(parseArgs(['replay', 'a', 'b'])).toMatchObject({ command: 'error' });
    expect(parseArgs(['replay', 'j.ndjson', '--bogus'])).toEqual({ command: 'error', message: 'unknown option "--bogus"' });
  });

  it('answers help and version', () => {
    expect(parseArgs([])).toEqual({ command: 'help' });
    expect(parseArgs(['monitor', '--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['--version'])).toEqual({ command: 'version' });
  });
});

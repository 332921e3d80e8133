import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

describe('parseArgs', () => {
  it('uses the documented defaults', () => {
    expect(parseArgs(['monitor'])).toEqual({
      command: 'monitor', durationSec: 60, output: 'netsentinel_report.json', intervalSec: 2, jsonLines: false, homeNet: [],
    });
  });

  it('reads short and long flags, including --flag=value', () => {
    expect(parseArgs(['monitor', '-d', '5', '-o', 'r.json', '--interval=0.5', '--json-lines', '--home-net', '10.9.0.0/16,fd00::/8'])).toEqual({
      command: 'monitor', durationSec: 5, output: 'r.json', intervalSec: 0.5, jsonLines: true, homeNet: ['10.9.0.0/16', 'fd00::/8'],
    });
  });

  it('explains bad input instead of guessing', () => {
    expect(parseArgs(['monitor', '-d', 'abc'])).toEqual({ command: 'error', message: '-d must be a positive number of seconds, got "abc"' });
    expect(parseArgs(['monitor', '-d'])).toEqual({ command: 'error', message: '-d needs a value' });
    expect(parseArgs(['monitor', '-o'])).toEqual({ command: 'error', message: '-o needs a file path' });
    expect(parseArgs(['monitor', '--bogus'])).toEqual({ command: 'error', message: 'unknown option "--bogus"' });
    expect(parseArgs(['scan'])).toEqual({ command: 'error', message: 'unknown command "scan" (expected "monitor")' });
    expect(parseArgs(['monitor', '--home-net', '10.0.0.0/8,10.300.0.0/16'])).toEqual({ command: 'error', message: '--home-net: "10.300.0.0/16" is not a CIDR (e.g. 10.20.0.0/16)' });
    expect(parseArgs(['monitor', '--home-net', '0.0.0.0/0'])).toMatchObject({ command: 'error', message: expect.stringContaining('--home-net: "0.0.0.0/0" is refused') });
  });

  it('answers help and version', () => {
    expect(parseArgs([])).toEqual({ command: 'help' });
    expect(parseArgs(['monitor', '--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['--version'])).toEqual({ command: 'version' });
  });
});

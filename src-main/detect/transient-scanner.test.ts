import { describe, expect, it } from 'vitest';
import type { ProcessRef } from '../../src-shared/model';
import { commandLineNames, rememberTransients, scannerByCommandLine, type RecentTransients } from './transient-scanner';

const ref = (pid: number, name: string, cmdline: string): ProcessRef => ({ pid, name, cmdline });

describe('commandLineNames', () => {
  it('finds the host in a command line (the address forms are tested with addressTokens)', () => {
    expect(commandLineNames('nmap -sT 10.77.0.0/24', '10.77.0.21')).toBe(true);
    expect(commandLineNames('nmap -sT 10.77.0.210', '10.77.0.21')).toBe(false);
    expect(commandLineNames('anything 10.77.0.21', 'not-an-address')).toBe(false);
  });
});

describe('rememberTransients', () => {
  it('keeps the newest description per pid, forgets entries past the window and beyond 64', () => {
    const recent: RecentTransients = new Map();
    rememberTransients(recent, [ref(10, 'ip', 'ip netns exec v nmap 10.0.0.1')], 0, 5000);
    rememberTransients(recent, [ref(10, 'nmap', 'nmap 10.0.0.1')], 1000, 5000);
    expect([...recent.values()].map((e) => e.process.name)).toEqual(['nmap']);
    rememberTransients(recent, undefined, 7000, 5000);
    expect(recent.size).toBe(0);
    rememberTransients(
      recent,
      Array.from({ length: 100 }, (_, i) => ref(100 + i, 'sh', 'sh')),
      8000,
      5000,
    );
    expect(recent.size).toBe(64);
    expect(recent.has(199)).toBe(true);
  });
});

describe('scannerByCommandLine', () => {
  it('names the one program whose command line names a probed host; two programs name nobody', () => {
    const recent: RecentTransients = new Map();
    rememberTransients(recent, [ref(1, 'nmap', 'nmap -sT 10.0.0.0/24'), ref(2, 'sleep', 'sleep 1')], 0, 5000);
    expect(scannerByCommandLine(recent, ['10.0.0.9'])).toEqual({ process: recent.get(1)?.process, host: '10.0.0.9' });
    rememberTransients(recent, [ref(3, 'nmap', 'nmap -sT 10.0.0.9')], 0, 5000);
    expect(scannerByCommandLine(recent, ['10.0.0.9'])?.process.pid).toBe(3);
    rememberTransients(recent, [ref(4, 'curl', 'curl 10.0.0.9')], 0, 5000);
    expect(scannerByCommandLine(recent, ['10.0.0.9'])).toBeUndefined();
    expect(scannerByCommandLine(recent, ['10.1.0.9'])).toBeUndefined();
  });

  it('prefers the program to the shell that started it with the same arguments', () => {
    const recent: RecentTransients = new Map();
    const shell = { pid: 20, ppid: 1, name: 'sh', cmdline: 'sh -c nmap -sT -p- 10.0.0.9' };
    const nmap = { pid: 21, ppid: 20, name: 'nmap', cmdline: 'nmap -sT -p- 10.0.0.9' };
    rememberTransients(recent, [shell, nmap], 0, 5000);
    expect(scannerByCommandLine(recent, ['10.0.0.9'])?.process).toBe(nmap);
  });
});

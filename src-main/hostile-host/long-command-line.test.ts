// Hostile host, end to end through the built CLI: a process with a ~2 MB command line holding 300 UDP
// sockets (the review's case: no report at all, exit 1, 1.8 GB), and processes whose command lines
// carry secrets, watched by `netsentinel monitor` with every command line reported.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SCHEMA } from '../../src-shared/report-schema';
import { REDACTED } from '../../src-shared/redact';
import { isDisplaySafe } from '../../src-shared/sanitize';
import { CONNECT_SOURCE, hostileHostSkipReason, readJson, readJsonLines, runCli, udpHolderSource, type CliRun, type HostProcess } from './host-processes';
import { HostileScene } from './hostile-scene';

const reason = hostileHostSkipReason();
if (reason) console.log(`[hostile-host] long command line skipped: ${reason}`);

/** 16 arguments of 120,000 bytes (each under the kernel's 128 KiB per-argument limit): ~1.92 MB. */
const LONG_ARGS = Array.from({ length: 16 }, (_, i) => String.fromCharCode(65 + i).repeat(120_000));
const UDP_SOCKETS = 300;
/** Each secret is unique, so finding it anywhere means it leaked. */
const SECRETS = [
  'hunter2',
  's3cr3tSSH',
  'MyS3cretPw',
  'tok3nBearer',
  'urlPassw0rd',
  'qtok3nValue',
  'ak3yValue',
  'DumpS3cret',
  'PgS3cret',
  'T0kenSpace',
  'CurlS3cret',
  'JsonS3cret',
  'QueryS3cret',
];
/** argv[0] and the arguments after the port, per secret-carrying process (the port comes first). */
const SECRET_COMMANDS: { argv0: string; args: string[] }[] = [
  { argv0: 'sshpass', args: ['-p', 's3cr3tSSH', 'ssh', 'root@backup'] },
  { argv0: 'mysql', args: ['-u', 'root', '-pMyS3cretPw', 'shop'] },
  { argv0: 'curl', args: ['-H', 'Authorization: Bearer tok3nBearer', 'https://bob:urlPassw0rd@example.test/x?a=1&token=qtok3nValue'] },
  { argv0: 'backup-agent', args: ['--api-key', 'ak3yValue', '--verbose'] },
  { argv0: 'mysqldump', args: ['-u', 'backup', '-p', 'DumpS3cret', '--all-databases'] },
  { argv0: 'worker', args: ['PGPASSWORD=PgS3cret', '--token', 'T0kenSpace', '--db', 'shop'] },
  { argv0: 'curl', args: ['-u', 'bob:CurlS3cret', '-d', '{"user":"bob","password":"JsonS3cret"}', 'http://h.test/?user=bob&pwd=QueryS3cret'] },
];
/** The kernel-measured peak of the CLI in this run was ~220 MB (the review measured 1.8 GB before the caps). */
const PEAK_RSS_LIMIT_KB = 400 * 1024;

describe.skipIf(reason !== undefined)('hostile host: a 2 MB command line and secrets, through the built CLI', () => {
  const scene = new HostileScene('ns-hostile-');
  const { folder, reportPath, processes } = scene;
  let holder: HostProcess;
  let run: CliRun;
  let baseline: CliRun;

  beforeAll(async () => {
    const configPath = join(folder, 'settings.json');
    writeFileSync(configPath, JSON.stringify({ privacy: { commandLines: 'all' } }));
    // The same CLI run before any hostile process exists: the memory peak to compare with, in this run.
    baseline = await runCli(['monitor', '-d', '4', '-i', '1', '-c', configPath, '--json-lines', '-o', join(folder, 'baseline.json')]);
    const port = await scene.listen();
    holder = await scene.start(udpHolderSource(UDP_SOCKETS), ['--password=hunter2', ...LONG_ARGS]);
    for (const command of SECRET_COMMANDS) await scene.start(CONNECT_SOURCE, [String(port), ...command.args], { argv0: command.argv0 });
    run = await runCli(['monitor', '-d', '4', '-i', '1', '-c', configPath, '--json-lines', '-o', reportPath]);
    console.log(
      `[hostile-host] 2 MB command line + ${UDP_SOCKETS} UDP sockets: CLI exit ${run.code}, peak RSS ${Math.round(run.peakRssKb / 1024)} MB ` +
        `(ru_maxrss; ${Math.round(baseline.peakRssKb / 1024)} MB for the same run before the hostile processes), ` +
        `report ${statSync(reportPath, { throwIfNoEntry: false })?.size ?? 0} bytes, NDJSON ${run.stdout.length} bytes`,
    );
  }, 90_000);

  afterAll(() => scene.close());

  it('writes a complete, valid, full-detail report and exits 0 within a bounded memory peak', () => {
    expect(run.code, run.stderr).toBe(0);
    const report = readJson(reportPath);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(readJsonLines(run.stdout).find((line) => line.type === 'report')).toMatchObject({ path: reportPath, detail: 'full' });
    expect(run.peakRssKb).toBeLessThan(PEAK_RSS_LIMIT_KB);
    expect(baseline.code, baseline.stderr).toBe(0);
  });

  it('lists all 300 UDP sockets with a slim owner, and the command line once, cut with a visible mark', () => {
    const { network_state: state } = readJson(reportPath);
    const owned = state.listening_ports.filter((port: any) => port.process?.pid === holder.pid);
    expect(owned).toHaveLength(UDP_SOCKETS);
    expect(owned.every((port: any) => port.protocol === 'udp' && port.process.cmdline === undefined)).toBe(true);
    const entries = state.processes.filter((p: any) => p.pid === holder.pid);
    expect(entries).toHaveLength(1);
    expect(entries[0].cmdline).toMatch(/--password=\[redacted\] AAAA/);
    expect(entries[0].cmdline).toMatch(/…\[cut \d+ bytes\]$/);
    expect(entries[0].cmdline.length).toBeLessThan(20_000);
  });

  it('masks every secret in the report and the NDJSON stream, and keeps the rest of each command line', () => {
    const reportText = JSON.stringify(readJson(reportPath));
    for (const secret of SECRETS) {
      expect(reportText, `${secret} in the report`).not.toContain(secret);
      expect(run.stdout, `${secret} in the NDJSON stream`).not.toContain(secret);
    }
    const { network_state: state } = readJson(reportPath);
    const byPid = new Map<number, string>(state.processes.map((p: any) => [p.pid, p.cmdline ?? '']));
    const lines = processes.slice(1).map((p) => byPid.get(p.pid) ?? '');
    expect(lines[0]).toMatch(/^sshpass .* -p \[redacted\] ssh root@backup$/s);
    expect(lines[1]).toMatch(/^mysql .* -u root -p\[redacted\] shop$/s);
    expect(lines[2]).toContain('Authorization: Bearer [redacted] https://bob:[redacted]@example.test/x?a=1&token=[redacted]');
    expect(lines[3]).toMatch(/--api-key \[redacted\] --verbose$/);
    expect(lines[4]).toMatch(/^mysqldump .* -u backup -p \[redacted\] --all-databases$/s);
    expect(lines[5]).toMatch(/ PGPASSWORD=\[redacted\] --token \[redacted\] --db shop$/);
    expect(lines[6]).toMatch(/ -u bob:\[redacted\] -d \{"user":"bob","password":"\[redacted\]"\} http:\/\/h\.test\/\?user=bob&pwd=\[redacted\]$/);
    // The T1571 alert streamed for those connections (one per process name and port) carries a masked command line.
    const streamed = readJsonLines(run.stdout).filter((line) => line.type === 'alert') as { alert: { process?: { cmdline?: string } } }[];
    expect(streamed.some((line) => line.alert.process?.cmdline?.includes(REDACTED))).toBe(true);
  });

  it('streams only display-safe NDJSON', () => {
    const unsafe = run.stdout.split('\n').filter((line) => !isDisplaySafe(line));
    expect(unsafe).toEqual([]);
  });
});

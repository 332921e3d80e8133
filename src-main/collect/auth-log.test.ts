import { appendFileSync, chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoverageWarning } from '../../src-shared/model';
import { AUTH_LOG_MAX_BYTES_PER_TICK, AUTH_LOG_MAX_EVENTS, AuthLogTail } from './auth-log';

const failed = (ip: string, port = 40000): string => `2026-12-07T18:11:08.127396+00:00 vm sshd[27972]: Failed password for root from ${ip} port ${port} ssh2\n`;

let dir: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'auth-log-'));
  log = join(dir, 'auth.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function read(tail: AuthLogTail): Promise<{ events: string[] | undefined; coverage: CoverageWarning[] }> {
  const coverage: CoverageWarning[] = [];
  const events = await tail.read(coverage);
  return { events: events?.map((e) => `${e.outcome} ${e.address}`), coverage };
}

describe('AuthLogTail', () => {
  it('follows a file present at the start from its end, then reads what is appended, whole lines only', async () => {
    writeFileSync(log, failed('192.0.2.1'));
    const tail = new AuthLogTail([log], [], () => 5);
    expect((await read(tail)).events).toEqual([]);
    appendFileSync(log, failed('192.0.2.2') + failed('192.0.2.3').slice(0, 40));
    expect((await read(tail)).events).toEqual(['failed 192.0.2.2']);
    appendFileSync(log, failed('192.0.2.3').slice(40));
    const events = await tail.read([]);
    expect(events).toEqual([{ outcome: 'failed', daemon: 'sshd', user: 'root', address: '192.0.2.3', port: 40000, at: 5 }]);
  });

  it('reads a file created after the start, and a rotated or truncated one, from its start', async () => {
    const tail = new AuthLogTail([log], []);
    const missing = await read(tail);
    expect(missing.events).toBeUndefined();
    expect(missing.coverage.map((c) => c.message)).toEqual([`auth log ${log}: no such file (yet)`]);
    writeFileSync(log, failed('192.0.2.1'));
    expect((await read(tail)).events).toEqual(['failed 192.0.2.1']);
    renameSync(log, `${log}.1`);
    writeFileSync(log, failed('192.0.2.2'));
    expect((await read(tail)).events).toEqual(['failed 192.0.2.2']);
    appendFileSync(log, failed('192.0.2.3') + failed('192.0.2.4'));
    expect((await read(tail)).events).toEqual(['failed 192.0.2.3', 'failed 192.0.2.4']);
    // Same inode, shorter than what was read (logrotate's copytruncate): from the start.
    writeFileSync(log, failed('192.0.2.5'));
    expect((await read(tail)).events).toEqual(['failed 192.0.2.5']);
  });

  it('warns once per tick when no auth log exists, naming the paths it tried', async () => {
    const tail = new AuthLogTail([], [join(dir, 'none.log')]);
    const { events, coverage } = await read(tail);
    expect(events).toBeUndefined();
    expect(coverage).toHaveLength(1);
    expect(coverage[0]?.message).toContain(join(dir, 'none.log'));
  });

  it('reads at most a bounded number of bytes and events per tick, and says what it skipped', async () => {
    writeFileSync(log, '');
    const tail = new AuthLogTail([log], []);
    await read(tail);
    const line = failed('192.0.2.9');
    appendFileSync(log, line.repeat(Math.ceil((AUTH_LOG_MAX_BYTES_PER_TICK * 1.5) / line.length)));
    const { events, coverage } = await read(tail);
    expect(events).toHaveLength(AUTH_LOG_MAX_EVENTS);
    expect(coverage.map((c) => c.message).join('\n')).toMatch(/bytes were skipped[\s\S]*beyond 2000/);
  });

  it('drops an overlong line whole, so its tail cannot pass for a login line', async () => {
    writeFileSync(log, '');
    const tail = new AuthLogTail([log], []);
    await read(tail);
    appendFileSync(log, `vm sshd[1]: Invalid user ${'x'.repeat(5_000)}`);
    expect((await read(tail)).events).toEqual([]);
    appendFileSync(log, `Failed password for root from 198.51.100.66 port 1 ssh2\n${failed('192.0.2.7')}`);
    expect((await read(tail)).events).toEqual(['failed 192.0.2.7']);
  });

  it.skipIf(process.getuid?.() === 0)('warns with a hint when the file is not readable (skipped as root, who reads every file)', async () => {
    writeFileSync(log, failed('192.0.2.1'));
    chmodSync(log, 0o000);
    const { events, coverage } = await read(new AuthLogTail([log], []));
    expect(events).toBeUndefined();
    expect(coverage[0]?.hint).toMatch(/adm/);
  });
});

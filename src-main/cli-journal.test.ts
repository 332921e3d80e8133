// `netsentinel monitor --journal DIR` and `netsentinel replay` with the built CLI on this host: the
// replayed report's threat events equal the live report's; a monitor killed with SIGKILL still
// leaves a journal that replays, with a warning.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoopbackPair, type LoopbackPair } from '../e2e/support/sockets';
import { BAD_PORTS } from './hostile-host/host-processes';

const cli = join(import.meta.dirname, '..', 'out', 'cli', 'netsentinel.js');
const built = existsSync(cli);
if (!built) console.log(`skipped CLI journal tests: ${cli} is missing; run "npm run build:cli" first`);
const folder = mkdtempSync(join(tmpdir(), 'ns-cli-journal-'));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], killWhen?: (stderr: string, stdout: string) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const check = (): void => {
      if (killWhen?.(stderr, stdout)) child.kill('SIGKILL');
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      check();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const journalsIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.ndjson'))
    .map((n) => join(dir, n));
const json = (path: string): Record<string, any> => JSON.parse(readFileSync(path, 'utf8'));

describe.skipIf(!built)('netsentinel monitor --journal, then replay (built CLI, real host)', () => {
  let pair: LoopbackPair;
  beforeAll(async () => {
    pair = await openLoopbackPair(BAD_PORTS);
  });
  afterAll(async () => {
    await pair?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('replays a session that ran to its end into the same threat events', async () => {
    const journals = join(folder, 'journals');
    const live = join(folder, 'live.json');
    const monitor = await run(['monitor', '-d', '4', '-i', '1', '--journal', journals, '-o', live]);
    expect(monitor.code, monitor.stderr).toBe(0);
    const [journal] = journalsIn(journals);
    expect(monitor.stderr).toContain(`Journal written to ${journal}.`);
    const replayedPath = join(folder, 'replayed.json');
    const replay = await run(['replay', journal as string, '-o', replayedPath]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stderr).not.toContain('warning');
    const [liveReport, replayed] = [json(live), json(replayedPath)];
    expect(liveReport.threat_events.some((e: any) => e.mitre.technique_id === 'T1571' && e.destination?.port === pair.port)).toBe(true);
    expect(replayed.threat_events).toEqual(liveReport.threat_events);
    expect({ ...replayed.report_metadata, generated_at: '' }).toEqual({ ...liveReport.report_metadata, generated_at: '' });
  }, 40_000);

  it('a monitor killed with SIGKILL leaves a journal that replays the alerts so far, with a warning', async () => {
    const journals = join(folder, 'killed');
    const monitor = await run(
      ['monitor', '-d', '60', '-i', '1', '--journal', journals, '--json-lines', '-o', join(folder, 'never.json')],
      (_stderr, stdout) => stdout.includes(`"port":${pair.port}`) && (stdout.match(/"type":"tick"/g) ?? []).length >= 4,
    );
    expect(monitor.signal).toBe('SIGKILL');
    const ours = monitor.stdout
      .split('\n')
      .filter((l) => l.includes('"type":"alert"'))
      .map((l) => JSON.parse(l).alert)
      .find((a) => a.techniqueId === 'T1571' && a.destination?.port === pair.port);
    expect(ours, monitor.stdout).toBeDefined();
    const [journal] = journalsIn(journals);
    const replayedPath = join(folder, 'after-kill.json');
    const replay = await run(['replay', journal as string, '-o', replayedPath]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stderr).toContain('warning: the session did not stop normally');
    const report = json(replayedPath);
    expect(report.threat_events.map((e: any) => e.id)).toContain(ours.id);
    expect(report.report_metadata.ticks).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('a journal folder that cannot be written is a warning: monitoring and the report go on', async () => {
    const output = join(folder, 'unjournaled.json');
    const result = await run(['monitor', '-d', '2', '-i', '1', '--journal', join(cli, 'journals'), '-o', output]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: --journal ${join(cli, 'journals')}: cannot write the journal (ENOTDIR`);
    expect(json(output).report_metadata.ticks).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('refuses a file that is not a journal', async () => {
    const result = await run(['replay', cli, '-o', join(folder, 'x.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a NetSentinel session journal');
  });
});

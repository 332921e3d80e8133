import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliUnderTimes } from './cli-run';

// A stand-in CLI with the real one's contract (burns CPU in a grandchild, writes a report), so the
// CPU accounting is checked without building the app.
const dir = mkdtempSync(join(tmpdir(), 'bench-cli-run-'));
const fakeCli = join(dir, 'fake-cli.mjs');
writeFileSync(
  fakeCli,
  `
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const out = args[args.indexOf('-o') + 1];
execFileSync(process.execPath, ['-e', 'const s = process.cpuUsage(); while (process.cpuUsage(s).user + process.cpuUsage(s).system < 300000);']);
{ const s = process.cpuUsage(); while (process.cpuUsage(s).user + process.cpuUsage(s).system < 400000); } // on its own main thread
await new Promise((resolve) => setTimeout(resolve, 300)); // lets the sampler see the total
writeFileSync(out, JSON.stringify({ report_metadata: { ticks: 3 }, network_state: { active_connections: [
  { process: { pid: 11 } }, { process: { pid: 12 } }, { process: { pid: 99 } }, {},
] } }));
process.stderr.write('Report written.\\n');
`,
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runCliUnderTimes', () => {
  it("counts the CPU of the CLI's own children and reads the report it wrote", async () => {
    const result = await runCliUnderTimes({
      cliPath: fakeCli,
      durationSec: 1,
      intervalSec: 1,
      outputPath: join(dir, 'r.json'),
      expectedOwners: [11, 12],
      threadSampleMs: 50,
    });
    expect(result.threads.find((t) => t.name === 'main')?.ms).toBeGreaterThanOrEqual(350);
    expect(result.exitCode).toBe(0);
    expect(result.cpuMs).toBeGreaterThanOrEqual(680);
    expect(result.reportTicks).toBe(3);
    expect(result.reportConnections).toBe(4);
    expect(result.reportConnectionsOfExpectedOwners).toBe(2);
    expect(result.reportBytes).toBeGreaterThan(50);
    expect(result.stderrTail).toBe('Report written.');
  });

  it("passes the CLI's exit code through and survives a missing report", async () => {
    const failing = join(dir, 'failing.mjs');
    writeFileSync(failing, 'process.exit(3);');
    const result = await runCliUnderTimes({ cliPath: failing, durationSec: 1, intervalSec: 1, outputPath: join(dir, 'none.json') });
    expect(result.exitCode).toBe(3);
    expect(result.reportConnections).toBe(0);
    expect(result.reportBytes).toBe(0);
  });
});

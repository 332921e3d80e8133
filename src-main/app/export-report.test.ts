import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBudgetedReport, type BudgetedReport } from '../../src-shared/report-budget';
import { REPORT_SCHEMA } from '../../src-shared/report-schema';
import { writeFallbackReport, writeReportAtomically } from '../report/write-report';
import { exportReport, NOTHING_TO_EXPORT, type ExportFailure, type ExportSteps } from './export-report';

const validate = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA);

function sampleReport(): BudgetedReport {
  return buildBudgetedReport({
    tool: { name: 'NetSentinel', version: '0.1.0' },
    hostname: 'lab',
    os: 'Linux',
    generatedAt: Date.UTC(2024, 0, 1),
    startedAt: Date.UTC(2024, 0, 1) - 60_000,
    intervalSec: 2,
    ticks: 30,
    alerts: [],
    coverage: [],
  });
}

let dir: string;
const fallbacks: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netsentinel-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const path of fallbacks.splice(0)) await rm(path, { force: true });
});

/** The real writers, with the user's answers given in advance. */
function steps(paths: (string | undefined)[], answers: ('retry' | 'close')[], report: BudgetedReport | null = sampleReport()) {
  const asked: ExportFailure[] = [];
  let builds = 0;
  const run: ExportSteps = {
    buildReport: async () => {
      builds += 1;
      return report ?? undefined;
    },
    chooseSavePath: async () => paths.shift(),
    write: writeReportAtomically,
    writeFallback: async (r) => {
      const path = await writeFallbackReport(r);
      fallbacks.push(path);
      return path;
    },
    askAfterFailure: async (failure) => {
      asked.push(structuredClone(failure));
      return answers.shift() ?? 'close';
    },
  };
  return { run, asked, builds: () => builds };
}

describe('exportReport', () => {
  it('writes a schema-valid report where the user chose', async () => {
    const target = join(dir, 'netsentinel-report-lab-2024-01-01T00-00-00Z.json');
    const { run, asked } = steps([target], []);
    const result = await exportReport(run);
    const text = await readFile(target, 'utf8');
    expect(result).toEqual({ ok: true, path: target, bytes: Buffer.byteLength(text) });
    expect(validate(JSON.parse(text))).toBe(true);
    expect(asked).toEqual([]);
  });

  it('reports a cancelled dialog as cancelled and writes nothing', async () => {
    const { run } = steps([undefined], []);
    expect(await exportReport(run)).toEqual({ ok: false, canceled: true });
    expect(fallbacks).toEqual([]);
  });

  it('says there is nothing to export before the first session', async () => {
    const { run } = steps([join(dir, 'x.json')], [], null);
    expect(await exportReport(run)).toEqual({ ok: false, error: NOTHING_TO_EXPORT });
  });

  it('on a failed write keeps a copy, explains why, and lets the user pick another place', async () => {
    const bad = join(dir, 'no-such-folder', 'report.json');
    const good = join(dir, 'report.json');
    const { run, asked, builds } = steps([bad, good], ['retry']);
    const result = await exportReport(run);
    expect(result).toMatchObject({ ok: true, path: good });
    expect(asked).toHaveLength(1);
    expect(asked[0]?.error).toBe(`Cannot write the report to ${bad}: the folder does not exist (ENOENT)`);
    const fallbackPath = asked[0]?.fallbackPath ?? '';
    expect(JSON.parse(await readFile(fallbackPath, 'utf8'))).toEqual(JSON.parse(await readFile(good, 'utf8')));
    expect(builds()).toBe(1);
  });

  it('returns the reason and the copy when the user gives up', async () => {
    const bad = join(dir, 'no-such-folder', 'report.json');
    const { run, asked } = steps([bad], ['close']);
    const result = await exportReport(run);
    expect(result.ok).toBe(false);
    if (result.ok || result.canceled) throw new Error('expected a failure');
    expect(result.error).toMatch(/folder does not exist/);
    expect(result.fallbackPath).toBe(asked[0]?.fallbackPath);
    expect((await stat(result.fallbackPath ?? '')).size).toBeGreaterThan(100);
    expect(validate(JSON.parse(await readFile(result.fallbackPath ?? '', 'utf8')))).toBe(true);
  });

  it('keeps the failure when the user retries and then cancels, and writes only one copy', async () => {
    const bad = join(dir, 'missing', 'a.json');
    const alsoBad = dir; // a folder, not a file
    const { run, asked } = steps([bad, alsoBad, undefined], ['retry', 'retry']);
    const result = await exportReport(run);
    expect(asked).toHaveLength(2);
    expect(asked[1]?.error).toMatch(/path is a folder|EISDIR|ENOTEMPTY|EEXIST/);
    expect(asked[1]?.fallbackPath).toBe(asked[0]?.fallbackPath);
    expect(fallbacks).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, fallbackPath: asked[0]?.fallbackPath });
  });

  it('still explains the failure when the temporary copy cannot be written either', async () => {
    const bad = join(dir, 'missing', 'a.json');
    const { run, asked } = steps([bad], ['close']);
    run.writeFallback = async () => {
      throw new Error('temp folder is full');
    };
    const result = await exportReport(run);
    expect(asked[0]).toEqual({ error: expect.stringMatching(/folder does not exist/), fallbackError: 'temp folder is full' });
    expect(result).toEqual({ ok: false, error: asked[0]?.error });
  });
});

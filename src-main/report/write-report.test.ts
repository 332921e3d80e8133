import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBudgetedReport, type BudgetedReport } from '../../src-shared/report-budget';
import { ReportWriteError, writeFallbackReport, writeReportAtomically } from './write-report';

const folder = mkdtempSync(join(tmpdir(), 'ns-write-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function report(padding = 0): BudgetedReport {
  return buildBudgetedReport({
    tool: { name: 'NetSentinel', version: 'test' },
    hostname: 'h',
    os: 'linux',
    generatedAt: 0,
    intervalSec: 2,
    ticks: 0,
    alerts: [],
    coverage: padding ? [{ source: 'padding', message: 'x'.repeat(padding) }] : [],
  });
}

describe('writeReportAtomically', () => {
  it('writes the whole JSON and leaves no temp file', async () => {
    const path = join(folder, 'report.json');
    const written = await writeReportAtomically(path, report());
    expect(JSON.parse(readFileSync(path, 'utf8')).schema_version).toBe('1.0');
    expect(written.bytes).toBe(readFileSync(path).byteLength);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing report only once the new one is complete', async () => {
    const path = join(folder, 'replace.json');
    writeFileSync(path, 'old');
    await writeReportAtomically(path, report());
    expect(readFileSync(path, 'utf8')).toContain('"schema_version"');
  });

  it('explains a missing folder and keeps nothing half-written', async () => {
    const path = join(folder, 'no-such-dir', 'r.json');
    await expect(writeReportAtomically(path, report())).rejects.toThrow(`Cannot write the report to ${path}: the folder does not exist (ENOENT)`);
  });

  it('explains a path that is a folder', async () => {
    const error = await writeReportAtomically(folder, report()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as Error).message).toMatch(/is a folder|EISDIR|EEXIST|ENOTEMPTY/);
  });

  it('reports a full disk as such and removes its temp file', async (context) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'ns-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      console.log('skipped full-disk test: mounting a 64 KiB tmpfs needs root (run the tests as root to enable it)');
      rmSync(mountPoint, { recursive: true, force: true });
      context.skip();
      return;
    }
    try {
      const path = join(mountPoint, 'r.json');
      await expect(writeReportAtomically(path, report(256 * 1024))).rejects.toThrow('the disk is full (ENOSPC)');
      expect(readdirSync(mountPoint)).toEqual([]);
    } finally {
      execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('writes a fallback copy to the temp folder', async () => {
    const path = await writeFallbackReport(report());
    try {
      expect(path.startsWith(tmpdir())).toBe(true);
      expect(JSON.parse(readFileSync(path, 'utf8')).report_metadata.tool).toBe('NetSentinel');
    } finally {
      rmSync(path, { force: true });
    }
  });
});

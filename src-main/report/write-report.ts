import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { BudgetedReport } from '../../src-shared/report-budget';

export interface WrittenReport {
  path: string;
  bytes: number;
}

const REASONS: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EISDIR: 'the path is a folder',
  ENOTDIR: 'a part of the path is not a folder',
};

export function describeWriteError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return `Cannot write the report to ${path}: ${reason}${code ? ` (${code})` : ''}`;
}

export class ReportWriteError extends Error {
  constructor(readonly path: string, override readonly cause: unknown) {
    super(describeWriteError(path, cause));
    this.name = 'ReportWriteError';
  }
}

async function fsyncFolder(folder: string): Promise<void> {
  // Makes the rename durable; some platforms cannot open folders, which is fine.
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/**
 * Writes the already-serialised report (buildBudgetedReport: within its size budget) to a temporary file in the same folder, fsyncs it and renames it over `path`,
 * so a crash or a full disk never leaves half a report behind.
 */
export async function writeReportAtomically(path: string, report: Pick<BudgetedReport, 'text'>): Promise<WrittenReport> {
  const { text } = report;
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temp, 'wx', 0o600);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw new ReportWriteError(path, error);
  }
  await fsyncFolder(folder);
  return { path, bytes: Buffer.byteLength(text, 'utf8') };
}

export function fallbackReportPath(now: number = Date.now(), folder: string = tmpdir()): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return join(folder, `netsentinel-report-${stamp}-${process.pid}.json`);
}

/** Where the report goes when the chosen path cannot be written: the temp folder. */
export async function writeFallbackReport(report: Pick<BudgetedReport, 'text'>): Promise<string> {
  const written = await writeReportAtomically(fallbackReportPath(), report);
  return written.path;
}

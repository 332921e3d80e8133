// The one atomic file writer (reports, exports, settings, Navigator layers): a temporary file in the
// same folder, fsynced, renamed over the target, so a crash or a full disk never leaves half a file.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { BudgetedReport } from '../../src-shared/report-budget';
import { errorMessage } from '../../src-shared/error-message';

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

/** `what` names the content for people: "the report", "the layer", "the settings". */
export function describeWriteError(path: string, error: unknown, what = 'the report'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && REASONS[code]) ?? errorMessage(error);
  return `Cannot write ${what} to ${path}: ${reason}${code ? ` (${code})` : ''}`;
}

export class ReportWriteError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly path: string,
    override readonly cause: unknown,
    what?: string,
  ) {
    super(describeWriteError(path, cause, what));
    this.name = 'ReportWriteError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

async function fsyncFolder(folder: string): Promise<void> {
  // Makes the rename durable; some platforms cannot open folders, which is fine.
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** Writes `text` atomically (mode 0600); a failure throws a ReportWriteError saying why in words. */
export async function writeFileAtomically(path: string, text: string, what?: string): Promise<WrittenReport> {
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
    throw new ReportWriteError(path, error, what);
  }
  await fsyncFolder(folder);
  return { path, bytes: Buffer.byteLength(text, 'utf8') };
}

/** The already-serialised report (buildBudgetedReport: within its size budget), written atomically. */
export function writeReportAtomically(path: string, report: Pick<BudgetedReport, 'text'>): Promise<WrittenReport> {
  return writeFileAtomically(path, report.text);
}

export function fallbackReportPath(now: number = Date.now(), folder: string = tmpdir(), extension = 'json'): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return join(folder, `netsentinel-report-${stamp}-${process.pid}.${extension}`);
}

/** Where the report goes when the chosen path cannot be written: the temp folder. */
export async function writeFallbackReport(report: Pick<BudgetedReport, 'text'>): Promise<string> {
  const written = await writeReportAtomically(fallbackReportPath(), report);
  return written.path;
}

// Export (the report and every other format): ask where, write atomically, and on failure keep the data (temp copy) and offer another try.
import type { ExportResult } from '../../src-shared/api';
import { errorMessage } from '../../src-shared/error-message';

export interface ExportFailure {
  error: string;
  /** Where a copy of the report was saved instead, if that worked. */
  fallbackPath?: string;
  fallbackError?: string;
}

/** The report (serialised within its budget in the core) or any other export: text to write. */
export interface ExportContent {
  text: string;
}

export interface ExportSteps<T extends ExportContent = ExportContent> {
  /** Undefined when there is nothing to export yet. */
  buildReport(): Promise<T | undefined>;
  /** The user's choice, or undefined when they cancel. */
  chooseSavePath(): Promise<string | undefined>;
  write(path: string, report: T): Promise<{ path: string; bytes: number }>;
  writeFallback(report: T): Promise<string>;
  /** Tells the user what went wrong; resolves 'retry' to choose another place. */
  askAfterFailure(failure: ExportFailure): Promise<'retry' | 'close'>;
}

export const NOTHING_TO_EXPORT = 'Nothing to export yet: start monitoring first.';

export async function exportReport<T extends ExportContent>(steps: ExportSteps<T>): Promise<ExportResult> {
  // Built once: every retry writes the same data, taken when the user asked for it.
  const report = await steps.buildReport();
  if (!report) return { ok: false, error: NOTHING_TO_EXPORT };
  let failure: ExportFailure | undefined;
  for (;;) {
    const path = await steps.chooseSavePath();
    if (path === undefined) {
      return failure ? failureResult(failure) : { ok: false, canceled: true };
    }
    try {
      const written = await steps.write(path, report);
      return { ok: true, path: written.path, bytes: written.bytes };
    } catch (error) {
      failure = { ...failure, error: errorMessage(error) };
      if (failure.fallbackPath === undefined) {
        try {
          failure.fallbackPath = await steps.writeFallback(report);
          delete failure.fallbackError;
        } catch (fallbackError) {
          failure.fallbackError = errorMessage(fallbackError);
        }
      }
      if ((await steps.askAfterFailure(failure)) !== 'retry') return failureResult(failure);
    }
  }
}

function failureResult(failure: ExportFailure): ExportResult {
  return { ok: false, error: failure.error, ...(failure.fallbackPath !== undefined && { fallbackPath: failure.fallbackPath }) };
}

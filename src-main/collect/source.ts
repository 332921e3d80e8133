import type { CoverageWarning } from '../../src-shared/model';
import { errorMessage } from '../../src-shared/error-message';

/** What every collector returns: its data (possibly empty or partial) and why it is incomplete. */
export interface Sourced<T> {
  data: T;
  coverage: CoverageWarning[];
}

export function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : typeof code === 'number' ? String(code) : undefined;
  }
  return undefined;
}

export function isPermissionError(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'EACCES' || code === 'EPERM';
}

/** ENOENT and ESRCH both mean "the process or file is gone", the usual race with a process exiting. */
export function isGoneError(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ESRCH';
}

/** A short human reason for a failed read or command, for coverage messages. */
export function describeFailure(err: unknown): string {
  const code = errorCode(err);
  if (code === 'ENOENT') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ETIMEDOUT') return 'timed out';
  const killed = typeof err === 'object' && err !== null && (err as { killed?: unknown }).killed === true;
  if (killed) return 'timed out';
  const message = errorMessage(err).split('\n')[0] ?? '';
  return code ? `${code}: ${message}` : message;
}

export function warning(source: string, message: string, hint?: string): CoverageWarning {
  return hint === undefined ? { source, message } : { source, message, hint };
}

/** Runs one source's read; when it fails, its fallback stands and `coverage` says why. */
export type Guard = <T>(source: string, fallback: T, read: () => Promise<T>, hint?: string) => Promise<T>;

/** A Guard whose warnings read `<failure>: <reason>`, pushed to `coverage`. */
export function guardInto(coverage: CoverageWarning[], failure: string): Guard {
  return async <T>(source: string, fallback: T, read: () => Promise<T>, hint?: string): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      coverage.push(warning(source, `${failure}: ${describeFailure(err)}`, hint));
      return fallback;
    }
  };
}

/**
 * The one way we tell users to get full visibility: the headless monitor run elevated. Never the
 * desktop app: Chromium's sandbox does not run as root, and a root GUI widens the attack surface.
 */
export const ELEVATED_RUN_HINT = 'for full visibility run the headless monitor elevated: sudo netsentinel monitor (keep the desktop app unprivileged)';

// Turns validator issues into the one message a person sees: the field's path, then what is wrong.
import { getDotPath, type BaseIssue } from 'valibot';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** `intervalSec: must be between 0.5 and 3600 seconds, got 0` — the first issue only. */
export function issueMessage(issues: readonly BaseIssue<unknown>[], root?: string): string {
  const issue = issues[0];
  const path = issue ? getDotPath(issue) : null;
  const field = path ? (root ? `${root}.${path}` : path) : (root ?? 'settings');
  return `${field}: ${issue?.message ?? 'invalid'}`;
}

/** A short, printable rendering of a bad value for messages (hostile text is cut and quoted). */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  return value === undefined ? 'nothing' : `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The message of a strict object: a missing required field, or an unknown one. */
export function objectMessage(unknownText: (field: string) => string) {
  return (issue: BaseIssue<unknown>): string => (issue.expected === 'never' ? unknownText(issue.received) : 'is required');
}

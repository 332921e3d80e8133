// Suppressions: a muted alert is still recorded, marked with the suppression that matched.
// Every field a suppression gives must match; pure, so the engine and the UI agree.
import * as v from 'valibot';
import type { Alert, AlertSuppression } from '../model';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../net';
import { TEXT_MAX } from './bounds';
import { objectMessage, shown } from './messages';

/** One shape for the settings and for what an alert carries: the model's AlertSuppression. */
export type Suppression = AlertSuppression;

export const MATCH_FIELDS = ['key', 'rule', 'technique', 'process', 'destination'] as const;

export interface DestinationPattern {
  cidr: Cidr;
  port?: number;
}

/** `10.0.0.5`, `10.0.0.5:4444`, `[2001:db8::1]:443`, `10.0.0.0/8` or `2001:db8::/32`. */
export function parseDestinationPattern(text: string): DestinationPattern | null {
  const t = text.trim();
  const withPort = /^\[([^\]]+)\]:(\d{1,5})$/.exec(t) ?? /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(t);
  if (withPort) {
    const port = Number(withPort[2]);
    const cidr = parseIp(withPort[1] as string) ? parseCidr(withPort[1] as string) : null;
    return cidr && port >= 0 && port <= 65_535 ? { cidr, port } : null;
  }
  const cidr = parseCidr(t);
  return cidr ? { cidr } : null;
}

const text = (max: number) =>
  v.pipe(
    v.string((issue) => `must be text, got ${shown(issue.input)}`),
    v.trim(),
    v.check(
      (s) => s.length > 0 && s.length <= max,
      (issue) => `must be 1 to ${max} characters, got ${shown(issue.input)}`,
    ),
  );

export const suppressionSchema = v.pipe(
  v.strictObject(
    {
      key: v.optional(text(TEXT_MAX.key)),
      rule: v.optional(text(TEXT_MAX.rule)),
      technique: v.optional(
        v.pipe(
          v.string((issue) => `must be text, got ${shown(issue.input)}`),
          v.regex(/^T\d{4}(\.\d{3})?$/, (issue) => `must be an ATT&CK technique id such as T1571 or T1090.003, got ${shown(issue.input)}`),
        ),
      ),
      process: v.optional(text(TEXT_MAX.process)),
      destination: v.optional(
        v.pipe(
          text(TEXT_MAX.destination),
          v.check(
            (s) => parseDestinationPattern(s) !== null,
            (issue) => `must be an address, address:port or CIDR (e.g. 10.0.0.5:4444 or 10.0.0.0/8), got ${shown(issue.input)}`,
          ),
        ),
      ),
      until: v.optional(
        v.pipe(
          v.string((issue) => `must be an ISO time, got ${shown(issue.input)}`),
          v.check(
            (s) => /^\d{4}-\d\d-\d\dT/.test(s) && Number.isFinite(Date.parse(s)),
            (issue) => `must be an ISO time such as 2030-01-31T12:00:00Z, got ${shown(issue.input)}`,
          ),
        ),
      ),
      reason: v.optional(
        v.pipe(
          v.string((issue) => `must be text, got ${shown(issue.input)}`),
          v.maxLength(TEXT_MAX.reason, `must be at most ${TEXT_MAX.reason} characters`),
        ),
      ),
    },
    objectMessage((field) => `unknown field ${field} (expected ${MATCH_FIELDS.join(', ')}, until or reason)`),
  ),
  v.check((s) => MATCH_FIELDS.some((field) => s[field] !== undefined), `must name at least one of ${MATCH_FIELDS.join(', ')}`),
);

/** A suppression compiled once for matching many alerts. */
export interface SuppressionMatcher {
  readonly suppression: Suppression;
  readonly untilMs: number;
  matches(alert: Alert, now: number): boolean;
}

function techniqueMatches(wanted: string, actual: string): boolean {
  return actual === wanted || actual.startsWith(`${wanted}.`);
}

function processMatches(wanted: string, process: Alert['process']): boolean {
  if (!process) return false;
  return wanted.includes('/') ? process.exe === wanted : process.name === wanted || process.exe === wanted;
}

function destinationMatches(pattern: DestinationPattern, destination: Alert['destination']): boolean {
  if (!destination || !cidrContains(pattern.cidr, destination.address)) return false;
  return pattern.port === undefined || destination.port === pattern.port;
}

export function compileSuppression(suppression: Suppression): SuppressionMatcher {
  const destination = suppression.destination !== undefined ? parseDestinationPattern(suppression.destination) : undefined;
  const untilMs = suppression.until !== undefined ? Date.parse(suppression.until) : Number.POSITIVE_INFINITY;
  return {
    suppression,
    untilMs,
    matches(alert, now) {
      if (now >= untilMs) return false;
      if (suppression.key !== undefined && alert.id !== suppression.key) return false;
      if (suppression.rule !== undefined && alert.ruleId !== suppression.rule) return false;
      if (suppression.technique !== undefined && !techniqueMatches(suppression.technique, alert.techniqueId)) return false;
      if (suppression.process !== undefined && !processMatches(suppression.process, alert.process)) return false;
      // An unparsable destination (only possible if validation was skipped) matches nothing.
      if (destination !== undefined && (destination === null || !destinationMatches(destination, alert.destination))) return false;
      return true;
    },
  };
}

/** Index of the first suppression that matches, or -1. */
export function firstMatch(matchers: readonly SuppressionMatcher[], alert: Alert, now: number): number {
  return matchers.findIndex((m) => m.matches(alert, now));
}

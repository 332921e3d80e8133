// The header's two lines and the footer's key help, as text: pure, so narrow widths are testable.
import { SEVERITIES } from '../../../src-shared/model';
import { formatCount, formatDuration } from '../../../src-shared/format';
import type { HeaderModel } from './view-model';

const STATE_WORDS = { idle: 'idle', running: 'monitoring', stopping: 'stopping, writing the report', stopped: 'stopped' } as const;

/** "NetSentinel 0.1.0 | host web-1 | 00:01:23 | every 2 s | tick 40 ms | monitoring". */
export function titleLine(header: HeaderModel, version: string, separator: string): string {
  const parts = [
    `NetSentinel ${version}`,
    `host ${header.host}`,
    formatDuration(header.elapsedMs),
    `every ${header.intervalSec} s`,
    `tick ${Math.round(header.tickMs)} ms`,
    STATE_WORDS[header.state],
  ];
  return parts.join(` ${separator} `);
}

/** The severity counters after the risk level: "CRITICAL 0 HIGH 1 MEDIUM 0 LOW 2". */
export function countParts(header: HeaderModel): { severity: (typeof SEVERITIES)[number]; text: string }[] {
  return SEVERITIES.map((severity) => ({ severity, text: `${severity} ${formatCount(header.counts[severity])}` }));
}

/** What follows the counters: table sizes, suppressed and dropped alerts. */
export function statsLine(header: HeaderModel, separator: string): string {
  const parts = [`${formatCount(header.connections)} conns, ${formatCount(header.listening)} listening`];
  if (header.suppressed > 0) parts.push(`${formatCount(header.suppressed)} suppressed`);
  if (header.dropped > 0) parts.push(`${formatCount(header.dropped)} dropped`);
  return parts.join(` ${separator} `);
}

export const KEY_HELP = 'j/k move  Enter evidence  Tab panel  / filter  q quit, write report';

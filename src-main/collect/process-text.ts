// The one place host-chosen process strings enter NetSentinel: each is capped to its documented
// size (src-shared/host-text.ts) and command lines have their secrets masked unless the user
// turned redaction off. Collectors call these before anything else sees the strings.
import { capHostText } from '../../src-shared/host-text';
import { redactCommandLine } from '../../src-shared/redact';

export interface ProcessTextOptions {
  /** Mask passwords, tokens and credentials in command lines (default true). */
  redactSecrets?: boolean;
}

export function boundedName(raw: string): string {
  return capHostText('name', raw);
}

export function boundedExe(raw: string): string {
  return capHostText('exe', raw);
}

/** Redacted on the whole text first, so a secret is never half-shown next to the cut mark. */
export function boundedCmdline(raw: string, options: ProcessTextOptions = {}): string {
  return capHostText('cmdline', options.redactSecrets === false ? raw : redactCommandLine(raw));
}

// What NetSentinel keeps of the command lines it sees (the settings schema's `privacy` section).
import type { CommandLineScope } from './report';

export interface PrivacyOptions {
  /** Mask passwords, tokens and credentials in command lines everywhere they leave the core (default on). */
  redactSecrets: boolean;
  /** Report command lines only of processes involved in alerts (default), or of every process listed. */
  commandLines: CommandLineScope;
}

export const DEFAULT_PRIVACY: PrivacyOptions = { redactSecrets: true, commandLines: 'alerts' };

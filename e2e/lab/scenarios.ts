// The staged attacks and benign activities, one function each. A scenario starts its activity
// and says what a correct alert must name; the runner owns the monitor, timing and verdicts.
import type { TechniqueId } from '../../src-shared/attack';
import type { Alert } from '../../src-shared/model';
import type { Lab } from './lab';
import { BENIGN_SCENARIOS } from './scenarios-benign';
import { CORE_ATTACK_SCENARIOS, CORE_BENIGN_SCENARIOS } from './scenarios-core';
import { NETSCAN_SCENARIOS } from './scenarios-netscan';
import { C2_SCENARIOS } from './scenarios-c2';
import { SHELL_SCENARIOS } from './scenarios-shells';
import { SCAN_VARIANT_SCENARIOS } from './scenarios-scan-variants';
import { SHELL_VARIANT_SCENARIOS } from './scenarios-shell-variants';
import { TUNNEL_VARIANT_SCENARIOS } from './scenarios-tunnel-variants';
import { GAP_VARIANT_SCENARIOS } from './scenarios-gap-variants';
import { SSH_LOGIN_SCENARIOS } from './scenarios-ssh-logins';
import { SESSION4_SHELL_SCENARIOS } from './scenarios-session4-shells';
import { SESSION4_DROPPED_SCENARIOS } from './scenarios-session4-dropped';
import { SESSION4_C2_SCENARIOS } from './scenarios-session4-c2';
import { COMMAND_LOOP_SCENARIOS } from './scenarios-command-loops';

export interface StagedActivity {
  /** True when the alert names the right process or endpoint for this activity. */
  names(alert: Alert): boolean;
  /** Ends the activity; safe to call twice. */
  stop(): Promise<void>;
}

export interface Scenario {
  id: string;
  title: string;
  /** The technique that must be alerted, or null for a benign scenario (no HIGH/CRITICAL allowed). */
  expected: TechniqueId | null;
  /** What a matching alert must name, for the matrix. */
  mustName: string;
  /** Other techniques that truly describe the activity, so not false alerts. */
  alsoTrue?: TechniqueId[];
  /** Techniques that are false alerts here at any severity (what the prototype got wrong). */
  forbidden?: TechniqueId[];
  /** Benign periodic jobs: reported as periodic at MEDIUM/LOW at most (never HIGH/CRITICAL). */
  periodic?: boolean;
  /** Commands the scenario needs besides node and ip. */
  needs?: string[];
  /** A variant the rules are known to miss today (why): still staged and recorded as a miss in the matrix, reported as an expected failure (a pass would fail the test, so the mark must be removed when fixed). */
  knownGap?: string;
  /** Attack: how long to wait for the alert. Benign: how long the activity runs. */
  windowMs: number;
  /** Runs before the monitor starts, so its result is part of the monitor's baseline. */
  before?(lab: Lab): Promise<void>;
  stage(lab: Lab): Promise<StagedActivity>;
  /**
   * Attack scenarios: checked on the alerts' final versions once the activity has stopped and the
   * monitor had `settleMs` to see its aftermath; returns why they are wrong, or undefined.
   */
  checkFinal?(alerts: Alert[]): string | undefined;
  settleMs?: number;
  /** Restores the lab for the next scenario. */
  after?(lab: Lab): Promise<void>;
}

// Shared with the other scenario files (some import them from here).
export { isEndpoint, mentions, sessions, stopping } from './scenario-kit';

export const SCENARIOS: Scenario[] = [
  ...CORE_ATTACK_SCENARIOS,
  ...BENIGN_SCENARIOS,
  ...CORE_BENIGN_SCENARIOS,
  ...NETSCAN_SCENARIOS,
  ...SCAN_VARIANT_SCENARIOS,
  ...C2_SCENARIOS,
  ...TUNNEL_VARIANT_SCENARIOS,
  ...SHELL_SCENARIOS,
  ...SHELL_VARIANT_SCENARIOS,
  ...GAP_VARIANT_SCENARIOS,
  ...SSH_LOGIN_SCENARIOS,
  ...SESSION4_SHELL_SCENARIOS,
  ...SESSION4_DROPPED_SCENARIOS,
  ...SESSION4_C2_SCENARIOS,
  ...COMMAND_LOOP_SCENARIOS,
];

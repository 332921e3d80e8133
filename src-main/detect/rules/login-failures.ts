import type { EvidenceValue, Finding, LoginEvent, Severity } from '../../../src-shared/model';
import { round } from '../../../src-shared/stats';
import { finding, isoTime } from '../format';
import type { Rule, ThresholdSpecs } from '../types';
import { BRUTE_FORCE } from './brute-force';
import { LoginSources, sourceKey, type LoginSource } from './login-sources';

export interface LoginFailuresConfig {
  enabled: boolean;
  severity: Severity;
  /** Failed logins from one peer to one login daemon within the window. */
  minFailures: number;
  windowMs: number;
  /** As many distinct user names or more from one peer: password spraying. */
  sprayMinUsers: number;
  /** A login accepted from a peer with at least this many failures in the window: CRITICAL. */
  successAfterFailures: number;
  /** Spread over many peers: distinct peers and failed logins in all, to one daemon. */
  distributedMinPeers: number;
  distributedMinFailures: number;
  maxTracked: number;
}

export const DEFAULT_LOGIN_FAILURES_CONFIG: LoginFailuresConfig = {
  enabled: true,
  severity: 'HIGH',
  minFailures: 10,
  windowMs: 300_000,
  sprayMinUsers: 5,
  successAfterFailures: 5,
  distributedMinPeers: 5,
  distributedMinFailures: 40,
  maxTracked: 2_000,
};

export const LOGIN_FAILURES_THRESHOLDS: ThresholdSpecs<LoginFailuresConfig> = {
  minFailures: { min: 2, max: 100_000, integer: true, unit: 'count', label: 'Failed logins from one peer within the window' },
  windowMs: { min: 10_000, max: 86_400_000, integer: true, unit: 'ms', label: 'Sliding window for the failed logins' },
  successAfterFailures: { min: 1, max: 100_000, integer: true, unit: 'count', label: 'CRITICAL when a login succeeds after this many failures from its peer' },
};

interface LoginFailuresState {
  sources: LoginSources;
  /** Failed logins per daemon already reported as a distributed attack. */
  reportedDistributed: Map<string, number>;
}

function usersText(source: LoginSource): string {
  const names = [...source.users.keys()];
  if (source.userCount === 1 && names[0] !== undefined) return `for ${names[0]}`;
  return `for ${source.userCount} user names`;
}

function evidence(source: LoginSource, config: LoginFailuresConfig): Record<string, EvidenceValue> {
  const minutes = Math.max((source.lastAt - source.firstAt) / 60_000, 1 / 60);
  return {
    direction: 'inbound',
    service: source.daemon,
    attacker: source.address,
    failedLogins: source.failures,
    users: [...source.users.keys()].slice(-20),
    userNames: source.userCount,
    perMinute: round(source.failures / minutes, 1),
    firstAttempt: isoTime(source.firstAt),
    lastAttempt: isoTime(source.lastAt),
    windowSec: config.windowMs / 1000,
    seenIn: 'auth log',
  };
}

function guessingFinding(source: LoginSource, config: LoginFailuresConfig): Finding {
  const spraying = source.userCount >= config.sprayMinUsers;
  const span = round((source.lastAt - source.firstAt) / 1000, 1);
  return finding({
    key: `${source.daemon}|${source.address}`,
    severity: config.severity,
    title: `${source.daemon} ${spraying ? 'password spraying' : 'brute force'} from ${source.address}: ${source.failures} failed logins ${usersText(source)}`,
    description: `This host's ${source.daemon} logged ${source.failures} failed logins from ${source.address} ${usersText(source)} within ${span} s: ${spraying ? 'one password tried across many accounts' : 'password guessing'}. Check the log for a success among them.`,
    source: { address: source.address },
    processFields: false,
    evidence: evidence(source, config),
    occurrences: source.failures - source.reported,
  });
}

function acceptedFinding(event: LoginEvent, source: LoginSource, config: LoginFailuresConfig): Finding {
  const user = event.user ?? 'a user';
  return finding({
    key: `${source.daemon}|${source.address}|accepted|${user}`,
    severity: 'CRITICAL',
    title: `${source.daemon} login as ${user} from ${source.address} accepted after ${source.failures} failed logins`,
    description: `${source.address} logged in to this host's ${source.daemon} as ${user} after ${source.failures} failed logins ${usersText(source)}: the guessing may have found a password. End the session, change that password and check what the session did.`,
    source: { address: source.address },
    processFields: false,
    evidence: { ...evidence(source, config), acceptedUser: user, acceptedAt: isoTime(event.at) },
  });
}

/** Many peers, each below the threshold, failing against one daemon. */
function distributedFindings(state: LoginFailuresState, daemons: ReadonlySet<string>, config: LoginFailuresConfig): Finding[] {
  const findings: Finding[] = [];
  for (const daemon of daemons) {
    const peers = [...state.sources.byKey.values()].filter((s) => s.daemon === daemon && s.failures > 0);
    const total = peers.reduce((sum, s) => sum + s.failures, 0);
    if (peers.length < config.distributedMinPeers || total < config.distributedMinFailures) {
      state.reportedDistributed.delete(daemon);
      continue;
    }
    const reported = state.reportedDistributed.get(daemon) ?? 0;
    if (total <= reported) continue;
    state.reportedDistributed.set(daemon, total);
    const top = [...peers].sort((a, b) => b.failures - a.failures).slice(0, 20);
    findings.push(
      finding({
        key: `${daemon}|distributed`,
        severity: config.severity,
        title: `Distributed ${daemon} brute force against this host: ${total} failed logins from ${peers.length} peers`,
        description: `This host's ${daemon} logged ${total} failed logins from ${peers.length} peers within ${config.windowMs / 1000} s; the busiest: ${top
          .slice(0, 5)
          .map((s) => `${s.address} (${s.failures})`)
          .join(', ')}.`,
        processFields: false,
        evidence: { direction: 'inbound', service: daemon, failedLogins: total, peers: peers.length, topPeers: top.map((s) => s.address), seenIn: 'auth log' },
        occurrences: total - reported,
      }),
    );
  }
  return findings;
}

export function loginFailuresRule(overrides: Partial<LoginFailuresConfig> = {}): Rule<LoginFailuresState, LoginFailuresConfig> {
  const config = { ...DEFAULT_LOGIN_FAILURES_CONFIG, ...overrides };
  return {
    id: 'login-failures',
    technique: BRUTE_FORCE,
    defaultSeverity: config.severity,
    summary: `${config.minFailures}+ failed logins from one peer within ${config.windowMs / 1000} s in this host's sshd or dropbear auth log (password spraying at ${config.sprayMinUsers}+ user names; CRITICAL when a login then succeeds).`,
    readme: {
      needs: ['authLog'],
      severity: 'HIGH, CRITICAL',
      detects: `Password guessing seen in the login daemon's own log: ≥ ${config.minFailures} failed logins (or unknown-user probes) from one peer in ${config.windowMs / 60_000} min (spraying when ≥ ${config.sprayMinUsers} user names), or ≥ ${config.distributedMinFailures} from ≥ ${config.distributedMinPeers} peers; CRITICAL when that peer then logs in (after ≥ ${config.successAfterFailures} failures). Counts every attempt, also those made over a few connections within one second`,
    },
    config,
    thresholds: LOGIN_FAILURES_THRESHOLDS,
    createState: () => ({ sources: new LoginSources(config.maxTracked), reportedDistributed: new Map() }),
    evaluate(snapshot, state, context) {
      const accepted: Finding[] = [];
      const changed = new Set<LoginSource>();
      const daemons = new Set<string>();
      for (const event of snapshot.loginEvents ?? []) {
        if (event.outcome === 'accepted') {
          const source = state.sources.byKey.get(sourceKey(event.daemon, event.address));
          if (source && source.failures >= config.successAfterFailures) accepted.push(acceptedFinding(event, source, config));
          continue;
        }
        changed.add(state.sources.recordFailure(event));
        daemons.add(event.daemon);
      }
      if (state.sources.byKey.size > 0) state.sources.expire(context.now, config.windowMs);
      const findings: Finding[] = [];
      for (const source of state.sources.byKey.values()) {
        if (source.failures < config.minFailures) source.reported = 0;
        else if (changed.has(source) && source.failures > source.reported) {
          findings.push(guessingFinding(source, config));
          source.reported = source.failures;
        }
      }
      return [...findings, ...accepted, ...distributedFindings(state, daemons, config)];
    },
  };
}

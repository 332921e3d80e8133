// A notice (LOW) when an application reaches the network for the first time in a session after its
// first minute: programs that ran from the start are learnt, a newcomer talking out is worth a glance
// (a dropped tool, an installer, a new agent). Loopback does not count as the network.
import { classifyAddress } from '../../../src-shared/net';
import type { Connection, Finding, Severity } from '../../../src-shared/model';
import { formatEndpoint } from '../../../src-shared/endpoint';
import { setBounded } from '../../../src-shared/bounded-map';
import { finding, processLabel, remoteEndpoint } from '../format';
import type { Rule, ThresholdSpecs } from '../types';
import { APPLICATION_LAYER_PROTOCOL } from './beaconing';

export interface FirstNetworkUseConfig {
  enabled: boolean;
  severity: Severity;
  /** Applications seen on the network within this long after the first tick are learnt, not reported. */
  learningMs: number;
  /** Applications remembered (executables are the host's choice); past it the oldest are forgotten. */
  maxTracked: number;
}

export const DEFAULT_FIRST_NETWORK_USE_CONFIG: FirstNetworkUseConfig = {
  enabled: true,
  severity: 'LOW',
  learningMs: 60_000,
  maxTracked: 4096,
};

export const FIRST_NETWORK_USE_THRESHOLDS: ThresholdSpecs<FirstNetworkUseConfig> = {
  learningMs: {
    min: 0,
    max: 86_400_000,
    integer: true,
    unit: 'ms',
    label: 'Learning time after the session starts: applications on the network by then are not reported',
  },
};

interface FirstNetworkUseState {
  /** Time of the first evaluate: the session's start as this rule sees it. */
  startedAt?: number;
  /** Executable (or name) → when first seen on the network. */
  seen: Map<string, number>;
}

/** On the network: an established or opening flow to a remote address that is not this host's loopback. */
function reachesNetwork(c: Connection): boolean {
  if (c.state === 'LISTEN' || c.state === 'UNCONN' || c.remotePort === 0) return false;
  const kind = classifyAddress(c.remoteAddress);
  return kind !== 'loopback' && kind !== 'unspecified' && kind !== 'invalid';
}

function firstUseFinding(c: Connection, key: string, minutes: number, severity: Severity): Finding {
  const remote = formatEndpoint(c.remoteAddress, c.remotePort);
  return finding({
    key,
    severity,
    title: `${c.process?.name ?? key} reached the network for the first time this session`,
    description: `${processLabel(c.process)} (${key}) opened its first network connection this session, to ${remote} (${c.protocol}), ${minutes} min after monitoring began. Programs on the network from the start are learnt; a newcomer may be a new tool or agent.`,
    destination: remoteEndpoint(c),
    process: c.process,
    evidence: { remote, protocol: c.protocol, direction: c.direction, minutesIntoSession: minutes },
  });
}

export function firstNetworkUseRule(overrides: Partial<FirstNetworkUseConfig> = {}): Rule<FirstNetworkUseState, FirstNetworkUseConfig> {
  const config = { ...DEFAULT_FIRST_NETWORK_USE_CONFIG, ...overrides };
  return {
    id: 'first-network-use',
    technique: APPLICATION_LAYER_PROTOCOL,
    defaultSeverity: config.severity,
    summary: 'An application reaches the network (not loopback) for the first time in the session, after the first minute (a notice).',
    readme: {
      needs: ['sockets', 'owners', 'processes'],
      detects:
        'New talkers: an application (by executable) that reaches the network — not loopback — for the first time in a session after its first minute (programs online from the start are learnt): a notice to glance at, e.g. a dropped tool, an installer or a new agent',
    },
    config,
    thresholds: FIRST_NETWORK_USE_THRESHOLDS,
    createState: () => ({ seen: new Map() }),
    // Every connection of an unchanged host was looked at when it first appeared.
    skipWhenHostUnchanged: true,
    evaluate(snapshot, state, { now }) {
      state.startedAt ??= now;
      const learning = now - state.startedAt < config.learningMs;
      const findings: Finding[] = [];
      for (const c of snapshot.connections) {
        const key = c.process ? c.process.exe || c.process.name : undefined;
        if (key === undefined || state.seen.has(key) || !reachesNetwork(c)) continue;
        setBounded(state.seen, key, now, config.maxTracked);
        if (!learning) findings.push(firstUseFinding(c, key, Math.round((now - state.startedAt) / 60_000), config.severity));
      }
      return findings;
    },
  };
}

import { attackTechnique } from '../../../src-shared/attack';
import type { Finding, KernelCounters, Severity } from '../../../src-shared/model';
import { finding, processLabel } from '../format';
import { describeSocket, holdersByPid, sendsIcmp } from '../low-level-holders';
import { round } from '../../../src-shared/stats';
import type { Rule } from '../types';

/** ATT&CK T1095; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const NON_APPLICATION_LAYER_PROTOCOL = attackTechnique(
  'T1095',
  'Non-Application Layer Protocol',
  ['Command and Control'],
  'ICMP (or another non-application protocol) at rates no ping needs suggests a tunnel: identify the process holding the raw or ping socket, stop it, and block ICMP echo to the destination at the perimeter.',
);

export interface IcmpTunnelConfig {
  enabled: boolean;
  severity: Severity;
  /** Echo messages per second sent by processes (not the kernel's replies) that no ping needs … */
  minEchoRate: number;
  /** … sustained over this window (ms). */
  windowMs: number;
}

export const DEFAULT_ICMP_TUNNEL_CONFIG: IcmpTunnelConfig = {
  enabled: true,
  severity: 'HIGH',
  // ping sends 1/s; a few pings in parallel stay far below this.
  minEchoRate: 20,
  windowMs: 5_000,
};

interface Sample {
  time: number;
  echoes: number;
  /** Milliseconds since the reading before. */
  intervalMs: number;
}

interface IcmpTunnelState {
  previous?: { time: number; counters: KernelCounters };
  samples: Sample[];
}

/**
 * Echo messages that processes sent between two readings: every request, plus the replies beyond
 * those the kernel gives to requests it received (a tunnel server answers from a raw socket).
 */
export function processEchoes(before: KernelCounters, after: KernelCounters): number {
  const requests = after.icmpOutEchos - before.icmpOutEchos;
  const replies = after.icmpOutEchoReps - before.icmpOutEchoReps;
  const answered = after.icmpInEchos - before.icmpInEchos;
  if (![requests, replies, answered].every((d) => Number.isFinite(d) && d >= 0)) return 0;
  return requests + Math.max(0, replies - answered);
}

export function icmpTunnelRule(overrides: Partial<IcmpTunnelConfig> = {}): Rule<IcmpTunnelState, IcmpTunnelConfig> {
  const config = { ...DEFAULT_ICMP_TUNNEL_CONFIG, ...overrides };
  return {
    id: 'icmp-tunnel',
    technique: NON_APPLICATION_LAYER_PROTOCOL,
    defaultSeverity: config.severity,
    summary: `ICMP echo traffic sent by processes at ${config.minEchoRate}+/s for ${config.windowMs / 1000} s (kernel counters), named by the raw or ping socket holders: an ICMP tunnel or flood, not ping.`,
    readme: {
      needs: ['lowLevel', 'counters'],
      detects:
        "ICMP tunnels / floods: echo messages sent by processes (requests, and replies beyond the kernel's own) at ≥ 20/s sustained over 5 s, from `/proc/net/snmp`, named by the holder of the raw or ping socket (`/proc/net/{raw,icmp}`); ping at 1/s stays quiet",
    },
    config,
    createState: () => ({ samples: [] }),
    evaluate(snapshot, state, { now }) {
      const counters = snapshot.kernel;
      const previous = state.previous;
      state.previous = counters ? { time: now, counters } : undefined;
      if (!counters || !previous || now <= previous.time) return [];
      state.samples.push({ time: now, echoes: processEchoes(previous.counters, counters), intervalMs: now - previous.time });
      while ((state.samples[0]?.time ?? now) <= now - config.windowMs) state.samples.shift();
      const span = state.samples.reduce((sum, s) => sum + s.intervalMs, 0);
      // Too short a look (first ticks, or after a gap): a single burst is not a sustained stream.
      if (span < config.windowMs * 0.6) return [];
      const echoes = state.samples.reduce((sum, s) => sum + s.echoes, 0);
      const rate = (echoes * 1000) / span;
      // Sustained: most of the window at half the rate or more, and still going this tick.
      const busyMs = state.samples.reduce((sum, s) => sum + (s.echoes * 1000 >= (config.minEchoRate / 2) * s.intervalMs ? s.intervalMs : 0), 0);
      const lastTick = state.samples[state.samples.length - 1]?.echoes ?? 0;
      if (rate < config.minEchoRate || busyMs < config.windowMs * 0.6 || lastTick === 0) return [];
      return [streamFinding(snapshot.lowLevelSockets, rate, echoes, span, config)];
    },
  };
}

function streamFinding(sockets: Parameters<typeof holdersByPid>[0], rate: number, echoes: number, spanMs: number, config: IcmpTunnelConfig): Finding {
  const holders = [...holdersByPid(sockets, sendsIcmp).values()];
  const only = holders.length === 1 ? holders[0] : undefined;
  const who = only
    ? processLabel(only.process)
    : holders.length > 1
      ? `one of ${holders.map((h) => processLabel(h.process)).join(', ')}`
      : 'a process whose ICMP socket was not seen';
  return finding({
    key: only ? `${only.process.pid}` : 'unattributed',
    severity: holders.length > 0 ? config.severity : 'MEDIUM',
    title: `ICMP echo stream at ${Math.round(rate)}/s from ${only ? processLabel(only.process) : 'this host'}`,
    description: `${who} sent ${echoes} ICMP echo messages in ${round(spanMs / 1000, 1)} s (${round(rate, 1)}/s; ping sends 1/s): a tunnel or flood over a non-application protocol.`,
    process: only?.process,
    evidence: {
      echoesPerSec: round(rate, 1),
      echoes,
      windowSec: round(spanMs / 1000, 1),
      icmpSocketHolders: holders.slice(0, 10).map((h) => `${processLabel(h.process)}: ${h.sockets.map(describeSocket).join(', ')}`),
    },
  });
}

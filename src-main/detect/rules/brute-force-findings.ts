// The brute-force rule's findings: one service guessed at by one side (this host or a peer), and
// one local service guessed at by many peers.
import type { Finding, ProcessRef } from '../../../src-shared/model';
import { finding, isoTime, processLabel } from '../format';
import { round } from '../../../src-shared/stats';
import { formatEndpoint } from '../../../src-shared/endpoint';
import { shortAttempts, type Attempt, type Target } from './brute-force-attempts';
import type { BruteForceConfig } from './brute-force';

/** The process that made most of the attempts, when the owners were seen. */
function mainProcess(target: Target, attempts: readonly Attempt[]): ProcessRef | undefined {
  const counts = new Map<number, number>();
  for (const a of attempts) if (a.pid !== undefined) counts.set(a.pid, (counts.get(a.pid) ?? 0) + 1);
  const [pid] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0] ?? [];
  return pid === undefined ? undefined : target.processes.get(pid);
}

function timing(attempts: readonly Attempt[]): { first: number; last: number; perMin: number } {
  const first = Math.min(...attempts.map((a) => a.opened));
  const last = Math.max(...attempts.map((a) => a.opened));
  const minutes = Math.max((last - first) / 60_000, 1 / 60);
  return { first, last, perMin: round(attempts.length / minutes, 1) };
}

/** `endedTicks`: the daemon's session churn that corroborates an inbound target with few connections seen (brute-force-churn.ts). */
export function targetFinding(target: Target, short: Attempt[], service: string, config: BruteForceConfig, endedTicks?: number): Finding {
  const t = timing(short);
  const p = target.direction === 'outbound' ? mainProcess(target, short) : undefined;
  const remote = formatEndpoint(target.peer, target.direction === 'outbound' ? target.port : undefined);
  const outbound = target.direction === 'outbound';
  return finding({
    key: `${target.direction}|${target.peer}|${target.port}`,
    severity: config.severity,
    title: outbound ? `${service} brute force by ${processLabel(p)} against ${remote}` : `${service} brute force from ${target.peer} against this host`,
    description: outbound
      ? `${processLabel(p)} opened ${short.length} short ${service} connections to ${remote} in ${round((t.last - t.first) / 1000, 1)} s (${t.perMin}/min): password guessing.`
      : `${target.peer} opened ${short.length} short connections to this host's ${service} (port ${target.port}) in ${round((t.last - t.first) / 1000, 1)} s (${t.perMin}/min): password guessing.${churnText(endedTicks, config)}`,
    source: outbound ? undefined : { address: target.peer },
    destination: outbound ? { address: target.peer, port: target.port } : { address: target.localAddress, port: target.port },
    process: p,
    // Inbound: the attacker is a peer, not a process of this host.
    processFields: outbound,
    evidence: {
      direction: target.direction,
      service,
      port: target.port,
      shortConnections: short.length,
      attempts: target.attempts.size,
      perMinute: t.perMin,
      firstAttempt: isoTime(t.first),
      lastAttempt: isoTime(t.last),
      windowSec: config.windowMs / 1000,
      pids: [...target.processes.keys()].slice(0, 20),
      ...(outbound ? {} : { attacker: target.peer }),
      ...(endedTicks === undefined ? {} : { daemonEndedSessionTicks: endedTicks }),
    },
    occurrences: short.length - target.reported,
  });
}

function churnText(endedTicks: number | undefined, config: BruteForceConfig): string {
  if (endedTicks === undefined) return '';
  return ` Those are the ones a tick saw: the daemon ended sessions at ${endedTicks} ticks of the last ${config.windowMs / 1000} s, and no other peer was seen on the port, so most of its connections opened and closed between ticks.`;
}

/** Many peers, each below the per-source threshold, guessing at one local service. */
export function distributedFinding(
  port: number,
  targets: Target[],
  reportedServices: Map<number, number>,
  service: string,
  config: BruteForceConfig,
): Finding | undefined {
  const perPeer = targets.map((t) => ({ peer: t.peer, short: shortAttempts(t, config.shortMs) })).filter((x) => x.short.length > 0);
  const total = perPeer.reduce((sum, x) => sum + x.short.length, 0);
  if (perPeer.length < config.distributedMinPeers || total < config.distributedMinAttempts) {
    reportedServices.delete(port);
    return undefined;
  }
  const reported = reportedServices.get(port) ?? 0;
  if (total <= reported) return undefined;
  reportedServices.set(port, total);
  const t = timing(perPeer.flatMap((x) => x.short));
  const top = perPeer.sort((a, b) => b.short.length - a.short.length).slice(0, 20);
  return finding({
    key: `distributed|${port}`,
    severity: config.severity,
    title: `Distributed ${service} brute force against this host from ${perPeer.length} sources`,
    description: `${perPeer.length} sources opened ${total} short connections to this host's ${service} (port ${port}) (${t.perMin}/min).`,
    source: top[0] ? { address: top[0].peer } : undefined,
    destination: { address: targets[0]?.localAddress ?? '', port },
    processFields: false,
    evidence: {
      direction: 'inbound',
      service,
      port,
      sources: top.map((x) => `${x.peer} (${x.short.length})`),
      sourceCount: perPeer.length,
      shortConnections: total,
      perMinute: t.perMin,
      firstAttempt: isoTime(t.first),
      lastAttempt: isoTime(t.last),
      windowSec: config.windowMs / 1000,
    },
    occurrences: total - reported,
  });
}

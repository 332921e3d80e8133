// Slow scans of closed ports: each probe is refused within microseconds on a LAN, so no socket is
// ever listed and no tick shows a burst. What stays is the kernel's count of failed connects
// (Tcp: AttemptFails, one per refused or timed-out attempt) moving tick after tick. Ordinary clients
// almost never fail to connect; a scan at one probe every 0.5-2 s fails tens of times a minute,
// spread over most ticks. The process is named from socket churn when the fd walk caught it.
import type { Finding, KernelCounters, Severity } from '../../src-shared/model';
import { finding, processLabel } from './format';
import { topChurner, type SocketChurn } from './socket-churn';

export interface RefusedStreamSettings {
  severity: Severity;
  /** Failed connects within the window … */
  minFails: number;
  /** … spread over at least this many ticks (a burst is the kernel-burst check's business) … */
  minTicks: number;
  windowMs: number;
}

export interface RefusedStreamState {
  previous?: number;
  /** (time, failed connects since the previous tick) for ticks with failures, ascending. */
  fails: { time: number; count: number }[];
  /** The stream being reported: when it began, and the failures reported so far. */
  reportedSince?: number;
  reported: number;
}

export function createRefusedStreamState(): RefusedStreamState {
  return { fails: [], reported: 0 };
}

/** Records this tick's failed connects; returns the window's total and tick count. */
function record(state: RefusedStreamState, kernel: KernelCounters | undefined, now: number, windowMs: number): { total: number; ticks: number; since: number } {
  const value = kernel?.tcpAttemptFails;
  const delta = value !== undefined && state.previous !== undefined ? value - state.previous : 0;
  state.previous = value;
  if (delta > 0 && Number.isFinite(delta)) state.fails.push({ time: now, count: delta });
  while (state.fails.length > 0 && (state.fails[0]?.time ?? 0) < now - windowMs) state.fails.shift();
  let total = 0;
  for (const f of state.fails) total += f.count;
  return { total, ticks: state.fails.length, since: state.fails[0]?.time ?? now };
}

/**
 * A finding when failed connects kept coming over the window; `targets` are the LAN neighbours
 * this host started talking to meanwhile. A tick with a burst is left to the burst check.
 */
export function refusedStreamFinding(
  state: RefusedStreamState,
  kernel: KernelCounters | undefined,
  now: number,
  churn: SocketChurn,
  targets: string[],
  burstThisTick: boolean,
  s: RefusedStreamSettings,
): Finding | undefined {
  const { total, ticks, since } = record(state, kernel, now, s.windowMs);
  if (total < s.minFails || ticks < s.minTicks) {
    if (ticks === 0) state.reported = 0;
    return undefined;
  }
  if (burstThisTick || total <= state.reported) return undefined;
  const occurrences = state.reported === 0 ? total : total - state.reported;
  state.reported = total;
  const leader = topChurner(churn, since);
  // Named only when the churn is of the stream's size: one stray socket elsewhere names nobody.
  const named = leader && leader.opened * 4 >= total ? leader : undefined;
  const label = named ? processLabel(named.process) : 'an unidentified process';
  const windowSec = s.windowMs / 1000;
  return finding({
    key: named ? `out|${named.process.name}` : 'out|refused-stream',
    severity: named ? s.severity : 'MEDIUM',
    title: `Slow outbound scan: ${total} refused connects in ${windowSec} s${named ? ` by ${label}` : ''}`,
    description:
      `This host failed ${total} outbound connection attempts over ${ticks} ticks within ${windowSec} s (closed or filtered ports answer a scan this way; ordinary clients rarely fail to connect)` +
      `${named ? `; ${label} opened ${named.opened} sockets meanwhile that no socket table kept` : '; no process was seen opening the sockets'}` +
      `${targets.length ? `. Hosts this host began talking to: ${targets.slice(0, 5).join(', ')}` : ''}.`,
    destination: targets.length === 1 && targets[0] ? { address: targets[0] } : undefined,
    process: named?.process,
    evidence: {
      direction: 'outbound',
      scanKind: 'slow-refused',
      failedConnects: total,
      ticksWithFailures: ticks,
      windowSec,
      targetHosts: targets.slice(0, 50),
      socketsOpened: named?.opened ?? 0,
    },
    occurrences,
  });
}

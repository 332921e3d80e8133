// A sweep of silent LAN addresses: every address this host tries to reach on its own subnet needs
// a neighbour entry, and one nobody answers stays INCOMPLETE, then FAILED, in the table for a while.
// Many new unanswered entries in a minute are a sweep (any port, any tool, ping sweeps too), even
// when the probing sockets lived too briefly for any tick to list them.
import type { Finding, HostSnapshot, Severity } from '../../src-shared/model';
import { processEvidence, processLabel } from './format';
import { topChurner, type SocketChurn } from './socket-churn';

const UNANSWERED = new Set(['INCOMPLETE', 'FAILED']);
const MAX_TRACKED = 4096;

export interface SilentNeighbourState {
  /** Addresses ever seen in the table (bounded), so only new entries count. */
  known: Set<string>;
  /** New unanswered addresses → when first seen. */
  silent: Map<string, number>;
  first: boolean;
  reported: number;
}

export function createSilentNeighbourState(): SilentNeighbourState {
  return { known: new Set(), silent: new Map(), first: true, reported: 0 };
}

export interface SilentSweepSettings {
  severity: Severity;
  minAddresses: number;
  windowMs: number;
}

export function silentSweepFinding(snapshot: HostSnapshot, state: SilentNeighbourState, churn: SocketChurn, now: number, s: SilentSweepSettings): Finding | undefined {
  for (const entry of snapshot.arp) {
    if (state.known.has(entry.ip)) continue;
    if (state.known.size >= MAX_TRACKED) state.known.clear();
    state.known.add(entry.ip);
    if (!state.first && UNANSWERED.has(entry.state) && entry.ip !== snapshot.gateway?.ip) state.silent.set(entry.ip, now);
  }
  state.first = false;
  for (const [ip, time] of state.silent) if (time < now - s.windowMs) state.silent.delete(ip);
  const count = state.silent.size;
  if (count < s.minAddresses) {
    state.reported = 0;
    return undefined;
  }
  if (count <= state.reported) return undefined;
  const occurrences = state.reported === 0 ? count : count - state.reported;
  state.reported = count;
  const since = Math.min(...state.silent.values());
  const leader = topChurner(churn, since - 2_000);
  const addresses = [...state.silent.keys()];
  const label = leader ? processLabel(leader.process) : 'an unidentified process';
  return {
    key: leader ? `out|${leader.process.name}` : 'out|silent-sweep',
    severity: leader ? s.severity : 'MEDIUM',
    title: `LAN sweep: ${count} silent addresses probed${leader ? ` by ${label}` : ''}`,
    description: `This host tried to reach ${count} addresses on its own network that never answered (new INCOMPLETE/FAILED neighbour entries) within ${s.windowMs / 1000} s: ${addresses.slice(0, 5).join(', ')}${count > 5 ? ' …' : ''}`
      + `${leader ? `; ${label} opened ${leader.opened} sockets meanwhile` : ''}.`,
    ...(leader ? { process: leader.process } : {}),
    evidence: {
      direction: 'outbound', scanKind: 'silent-sweep', silentAddresses: count, targetHosts: addresses.slice(0, 50),
      windowSec: s.windowMs / 1000, socketsOpened: leader?.opened ?? 0, ...processEvidence(leader?.process),
    },
    occurrences,
  };
}

// The login-failures rule's memory: per peer and login daemon, the failed logins (counted per tick)
// within the window and the user names tried. Bounded at every level: peers choose how many of each.
import type { LoginEvent } from '../../../src-shared/model';
import { BoundedMap } from '../../../src-shared/bounded-map';

/** User names kept per peer (the count goes on past it). */
export const USERS_KEPT = 64;
/** Connections per peer whose "Invalid user" line was counted, to skip their first "Failed … invalid user". */
const PROBES_KEPT = 64;

export interface LoginSource {
  daemon: LoginEvent['daemon'];
  address: string;
  /** Failed logins per tick that had any, oldest first, within the window. */
  ticks: { at: number; count: number }[];
  failures: number;
  firstAt: number;
  lastAt: number;
  /** User names tried, most recent last; `userCount` goes on past USERS_KEPT. */
  users: BoundedMap<string, true>;
  userCount: number;
  /** Failures already reported (0 after the count fell below the threshold). */
  reported: number;
  /** Ports of connections whose unknown user was already counted as an attempt. */
  probes: BoundedMap<number, true>;
}

export const sourceKey = (daemon: string, address: string): string => `${daemon}|${address}`;

export class LoginSources {
  readonly byKey: BoundedMap<string, LoginSource>;

  constructor(maxTracked: number) {
    this.byKey = new BoundedMap(maxTracked);
  }

  /** Counts one failure or unknown-user probe; returns its source. */
  recordFailure(event: LoginEvent): LoginSource {
    const key = sourceKey(event.daemon, event.address);
    const source = this.byKey.getOrAdd(key, () => ({
      daemon: event.daemon,
      address: event.address,
      ticks: [],
      failures: 0,
      firstAt: event.at,
      lastAt: event.at,
      users: new BoundedMap<string, true>(USERS_KEPT),
      userCount: 0,
      reported: 0,
      probes: new BoundedMap<number, true>(PROBES_KEPT),
    }));
    this.byKey.bump(key);
    if (event.user !== undefined && !source.users.has(event.user)) {
      source.users.set(event.user, true);
      source.userCount += 1;
    }
    // "Invalid user X" and then "Failed password for invalid user X" on one connection are one attempt.
    if (event.outcome === 'invalid-user' && event.port !== undefined) source.probes.set(event.port, true);
    else if (event.outcome === 'failed' && event.port !== undefined && source.probes.delete(event.port)) return source;
    const last = source.ticks.at(-1);
    if (last?.at === event.at) last.count += 1;
    else source.ticks.push({ at: event.at, count: 1 });
    source.failures += 1;
    source.lastAt = event.at;
    return source;
  }

  /** Drops the failures older than the window, and the peers left with none. */
  expire(now: number, windowMs: number): void {
    const since = now - windowMs;
    for (const [key, source] of this.byKey) {
      if (source.lastAt >= since) break; // oldest activity first: the rest are newer
      this.byKey.delete(key);
    }
    for (const source of this.byKey.values()) trim(source, since);
  }
}

function trim(source: LoginSource, since: number): void {
  let drop = 0;
  while (drop < source.ticks.length && (source.ticks[drop]?.at ?? Infinity) < since) {
    source.failures -= source.ticks[drop]?.count ?? 0;
    drop += 1;
  }
  if (drop === 0) return;
  source.ticks.splice(0, drop);
  source.firstAt = source.ticks[0]?.at ?? source.lastAt;
}

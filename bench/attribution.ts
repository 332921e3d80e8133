/** Checks a socket list against the farm: is every farm socket there, with its owner's pid? */

export interface FarmMember {
  pid: number;
  /** The loopback port the member listens on; all its pairs connect to it. */
  port: number;
}

export interface SocketRecord {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** undefined when the tool could not name the owner. */
  pid: number | undefined;
}

export interface AttributionCheck {
  /** Farm sockets found in the list (listeners, server ends, client ends). */
  seen: number;
  correct: number;
  unattributed: number;
  /** Farm sockets given some other pid. */
  wrongPid: number;
  /** Sockets that are not the farm's but were given a farm pid. */
  foreignGivenFarmPid: number;
}

const LOOPBACK = '127.0.0.1';

export function checkAttribution(records: Iterable<SocketRecord>, members: readonly FarmMember[]): AttributionCheck {
  const byPort = new Map(members.map((m) => [m.port, m]));
  const farmPids = new Set(members.map((m) => m.pid));
  const check: AttributionCheck = { seen: 0, correct: 0, unattributed: 0, wrongPid: 0, foreignGivenFarmPid: 0 };
  for (const r of records) {
    const member = r.localAddress === LOOPBACK ? (byPort.get(r.localPort) ?? (r.remoteAddress === LOOPBACK ? byPort.get(r.remotePort) : undefined)) : undefined;
    if (!member) {
      if (r.pid !== undefined && farmPids.has(r.pid)) check.foreignGivenFarmPid += 1;
      continue;
    }
    check.seen += 1;
    if (r.pid === undefined) check.unattributed += 1;
    else if (r.pid === member.pid) check.correct += 1;
    else check.wrongPid += 1;
  }
  return check;
}

// What the last LinuxCollector.collect() did, for benchmarks and tests.
import type { FdWalkStats } from './fd-walk';
import type { ProcNetSocket } from './proc-net';
import type { TableTick, TcpTableDecision } from './socket-tables';

export interface CollectStats {
  /** Whether /proc/net/tcp and tcp6 were read (the UDP tables are read every tick). */
  tablesRead: boolean;
  decision: TcpTableDecision;
  tcpSockets: number;
  udpSockets: number;
  /** fd walk calls made by this collect(). */
  fdWalk: FdWalkStats;
}

/** The fd walk calls made between two readings of the walker's running counters. */
export function fdWalkSince(before: FdWalkStats, after: FdWalkStats): FdWalkStats {
  return {
    statCalls: after.statCalls - before.statCalls,
    readdirCalls: after.readdirCalls - before.readdirCalls,
    readlinkCalls: after.readlinkCalls - before.readlinkCalls,
  };
}

/** A full collection: how its TCP tables were decided, the sockets it read and the fd walk calls it made. */
export function fullCollectStats(tables: TableTick, sockets: readonly ProcNetSocket[], fdBefore: FdWalkStats, fdAfter: FdWalkStats): CollectStats {
  let tcpSockets = 0;
  for (const s of sockets) if (s.protocol === 'tcp') tcpSockets++;
  return { ...tables, tcpSockets, udpSockets: sockets.length - tcpSockets, fdWalk: fdWalkSince(fdBefore, fdAfter) };
}

/** A quiet tick read no table and walked no fd; the socket counts of the last full collection stand. */
export function quietCollectStats(previous: CollectStats | undefined): CollectStats {
  return {
    ...(previous ?? { tcpSockets: 0, udpSockets: 0 }),
    tablesRead: false,
    decision: 'quiet',
    fdWalk: { statCalls: 0, readdirCalls: 0, readlinkCalls: 0 },
  };
}

// One host snapshot: processes, their I/O channels, neighbours, interfaces and counters.
// Part of the data contract (src-shared/model); pure types and one mapping, no Node, DOM or Electron.
import type { AddressFamily, Connection, ListeningPort, LowLevelSocket, ProcessRef } from './sockets';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  name: string;
  exe?: string;
  cmdline?: string;
  user?: string;
  uid?: number;
  /** Epoch milliseconds. */
  startTime?: number;
  /** Socket inodes open on fds 0, 1 and 2 (index = fd); undefined entries are not sockets. */
  stdioSocketInodes?: (number | undefined)[];
  /**
   * Sockets first seen on its fds since the previous tick (Linux; a lower bound, absent when none):
   * a process churning sockets that no table lists long enough (refused connects, one-shot DNS
   * queries) is named by this count.
   */
  socketsOpened?: number;
  /**
   * Minor page faults of the children it has waited for (Linux cminflt). Every program it ran and
   * reaped moves it, even one that lived a millisecond, which no /proc sampling would see.
   */
  childFaults?: number;
  /** Its stdin is a pipe that no other process holds: the writer exited (Linux, with the I/O graph). */
  stdinWriterGone?: boolean;
}

/** One holder of an I/O channel: fds 0-2 are stdio; `master` marks a pseudo-terminal's master side. */
export interface IoEnd {
  pid: number;
  fd: number;
  master?: boolean;
}

/**
 * A channel joining processes' standard I/O: an anonymous pipe, a named FIFO, a pseudo-terminal
 * (slave /dev/pts/N plus the ptmx master whose tty-index is N) or a Unix socketpair. Only
 * channels with at least one stdio end and at least two processes are listed.
 */
export interface IoChannel {
  kind: 'pipe' | 'fifo' | 'pty' | 'socketpair';
  /** The pipe's or socketpair's inode, the FIFO's `dev:inode`, or the pty's number. */
  id: string;
  ends: IoEnd[];
}

export type NeighbourState = 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'INCOMPLETE' | 'PERMANENT' | 'NOARP' | 'NONE' | 'UNKNOWN';

export interface ArpEntry {
  ip: string;
  mac: string;
  iface: string;
  state: NeighbourState;
  /** IEEE OUI registrant of the MAC, when known. */
  vendor?: string;
  /** The MAC's locally-administered bit is set (random or hand-set: its vendor means nothing). */
  localMac?: boolean;
  /**
   * When this host last sent to the neighbour or its entry last turned active (ms since the epoch,
   * 1-s resolution, from the kernel's entry timers). Sending to a REACHABLE neighbour does not move
   * it, so only a recent time is evidence. Absent where the platform gives no timers.
   */
  touchedAt?: number;
}

/** A neighbour this host tried to reach that never answered (no MAC): what a sweep of silent addresses leaves. */
export interface UnresolvedNeighbour {
  ip: string;
  iface: string;
  state: 'FAILED' | 'INCOMPLETE';
  /** When the collector first saw it unresolved (epoch ms). */
  firstSeen: number;
}

export interface Gateway {
  ip: string;
  iface: string;
  mac?: string;
}

/** An address configured on one of this host's interfaces, with its prefix length. */
export interface InterfaceAddress {
  iface: string;
  address: string;
  prefixLength: number;
  family: AddressFamily;
}

export interface InterfaceCounters {
  name: string;
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  rxErrors: number;
  txErrors: number;
  rxDropped: number;
  txDropped: number;
  /** Bytes per second since the previous snapshot; 0 on the first. */
  rxRate: number;
  txRate: number;
}

/** Selected counters from /proc/net/snmp (cumulative since boot). */
export interface KernelCounters {
  tcpActiveOpens: number;
  tcpPassiveOpens: number;
  tcpAttemptFails: number;
  tcpEstabResets: number;
  tcpOutRsts: number;
  tcpInSegs: number;
  tcpOutSegs: number;
  icmpOutDestUnreachs: number;
  icmpInDestUnreachs: number;
  udpNoPorts: number;
  udpInDatagrams: number;
  udpOutDatagrams: number;
  /** ICMP (v4) echo traffic: requests and replies each way, and all messages. */
  icmpInMsgs: number;
  icmpOutMsgs: number;
  icmpInEchos: number;
  icmpOutEchos: number;
  icmpInEchoReps: number;
  icmpOutEchoReps: number;
}

export interface SystemMetrics {
  cpuPercent: number;
  memUsedBytes: number;
  memTotalBytes: number;
  loadAverage?: [number, number, number];
  /** Sum over interfaces, per second. */
  netRxRate: number;
  netTxRate: number;
  netErrors: number;
  netDrops: number;
}

export interface CoverageWarning {
  /** Collector name, e.g. 'sockets', 'arp'. */
  source: string;
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** How many items the warning is about, when it counts something (e.g. alerts dropped). */
  count?: number;
}

/** One login outcome a login daemon wrote to an auth log (sshd, dropbear), read as it was written. */
export interface LoginEvent {
  /** `failed`: a refused password, key or other method; `invalid-user`: a connection asking for a name the host does not have (its failures follow as `failed`). */
  outcome: 'failed' | 'invalid-user' | 'accepted';
  daemon: 'sshd' | 'dropbear';
  /** The name tried: chosen by the peer, sanitised and cut to 64 characters. */
  user?: string;
  /** The peer's address, checked to be an IP address. */
  address: string;
  port?: number;
  /** Epoch ms when the line was read (log formats differ; the tail reads every tick). */
  at: number;
}

export interface HostSnapshot {
  /** Epoch milliseconds when collection started. */
  time: number;
  hostname: string;
  platform: string;
  connections: Connection[];
  listening: ListeningPort[];
  processes: ProcessInfo[];
  arp: ArpEntry[];
  /** FAILED / INCOMPLETE neighbour entries, bounded (Linux; absent when not collected). */
  unresolvedNeighbours?: UnresolvedNeighbour[];
  gateway?: Gateway;
  dnsResolvers: string[];
  localAddresses: InterfaceAddress[];
  interfaces: InterfaceCounters[];
  kernel?: KernelCounters;
  /** Raw, ping and packet sockets; undefined when the platform has no such tables. */
  lowLevelSockets?: LowLevelSocket[];
  /** Processes created between two ticks, described by the low-level watch; some exited before the tick (Linux; at most 32). */
  transientProcesses?: ProcessRef[];
  system: SystemMetrics;
  coverage: CoverageWarning[];
  /** Pipes, FIFOs, ptys and socketpairs between processes' stdio (Linux; absent when not collected). */
  ioChannels?: IoChannel[];
  /** Login outcomes appended to the auth logs since the last tick, at most AUTH_LOG_MAX_EVENTS (absent when no auth log was readable). */
  loginEvents?: LoginEvent[];
}

/** The reference an alert or connection carries for a process of the process table. */
export function toProcessRef(info: ProcessInfo): ProcessRef {
  const ref: ProcessRef = { pid: info.pid, name: info.name, ppid: info.ppid };
  if (info.exe !== undefined) ref.exe = info.exe;
  if (info.cmdline !== undefined) ref.cmdline = info.cmdline;
  if (info.user !== undefined) ref.user = info.user;
  return ref;
}

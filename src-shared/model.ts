// The data contract between collectors, rules, session, report and renderer.
// Pure types and constants: nothing from Node, the DOM or Electron.

export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export type Protocol = 'tcp' | 'udp';
export type AddressFamily = 4 | 6;

/** Linux TCP state names (as `ss` prints them, upper-case); UDP sockets are 'UNCONN' or 'ESTABLISHED'. */
export type SocketState =
  | 'ESTABLISHED' | 'SYN_SENT' | 'SYN_RECV' | 'FIN_WAIT1' | 'FIN_WAIT2' | 'TIME_WAIT' | 'CLOSE'
  | 'CLOSE_WAIT' | 'LAST_ACK' | 'LISTEN' | 'CLOSING' | 'NEW_SYN_RECV' | 'UNCONN' | 'UNKNOWN';

export type Direction = 'inbound' | 'outbound' | 'local' | 'unknown';

/** Who owns a socket, when the OS lets us see it. */
export interface ProcessRef {
  pid: number;
  name: string;
  exe?: string;
  cmdline?: string;
  ppid?: number;
  user?: string;
}

/** Country and autonomous system of an external address, from the bundled offline data. */
export interface IpGeo {
  /** ISO 3166-1 alpha-2. */
  country?: string;
  asn?: number;
  asOrg?: string;
}

export interface Endpoint {
  address: string;
  port?: number;
  /** External addresses only, when the offline data knows them. */
  geo?: IpGeo;
}

export interface Connection {
  protocol: Protocol;
  family: AddressFamily;
  state: SocketState;
  /** IPv4-mapped IPv6 addresses are given as plain IPv4. */
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Socket inode (Linux); 0 when unknown or for TIME_WAIT sockets. */
  inode: number;
  uid?: number;
  direction: Direction;
  process?: ProcessRef;
  /** tcp_info bytes_acked / bytes_received where the kernel gives them. */
  bytesSent?: number;
  bytesReceived?: number;
  /** TIME_WAIT only: when the connection closed (epoch ms, ±10 ms), from the kernel's TIME_WAIT timer. */
  closedAt?: number;
  /** Country and AS of an external remote address. */
  remoteGeo?: IpGeo;
}

export interface ListeningPort {
  protocol: Protocol;
  family: AddressFamily;
  address: string;
  port: number;
  inode: number;
  process?: ProcessRef;
}

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

export type NeighbourState =
  | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'INCOMPLETE' | 'PERMANENT' | 'NOARP' | 'NONE' | 'UNKNOWN';

export interface ArpEntry {
  ip: string;
  mac: string;
  iface: string;
  state: NeighbourState;
  /** IEEE OUI registrant of the MAC, when known. */
  vendor?: string;
  /** The MAC's locally-administered bit is set (random or hand-set: its vendor means nothing). */
  localMac?: boolean;
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

/**
 * A socket below TCP/UDP (/proc/net/raw, raw6, icmp, icmp6, packet): what crafts or captures
 * packets (scanners, sniffers, ping, DHCP clients, ICMP tunnels).
 */
export interface LowLevelSocket {
  /** raw: an IP raw socket; ping: an ICMP datagram ("ping") socket; packet: an AF_PACKET socket. */
  kind: 'raw' | 'ping' | 'packet';
  /** IP family for raw and ping sockets; undefined for packet sockets (link layer). */
  family?: AddressFamily;
  /**
   * raw / ping: the IP protocol number (1 ICMP, 6 TCP, 17 UDP, 58 ICMPv6, 255 any: IPPROTO_RAW);
   * packet: the EtherType it receives (3 = ETH_P_ALL: every frame).
   */
  protocol: number;
  /** packet sockets: 'raw' frames with link header or 'dgram' (header stripped). */
  socketType?: 'raw' | 'dgram' | 'other';
  /** packet sockets: interface index bound to; 0 = every interface. */
  ifindex?: number;
  localAddress?: string;
  remoteAddress?: string;
  inode: number;
  uid: number;
  /** raw / ping: packets the socket dropped (its receive queue overflowed). */
  drops?: number;
  process?: ProcessRef;
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

export interface HostSnapshot {
  /** Epoch milliseconds when collection started. */
  time: number;
  hostname: string;
  platform: string;
  connections: Connection[];
  listening: ListeningPort[];
  processes: ProcessInfo[];
  arp: ArpEntry[];
  gateway?: Gateway;
  dnsResolvers: string[];
  localAddresses: InterfaceAddress[];
  interfaces: InterfaceCounters[];
  kernel?: KernelCounters;
  /** Raw, ping and packet sockets; undefined when the platform has no such tables. */
  lowLevelSockets?: LowLevelSocket[];
  system: SystemMetrics;
  coverage: CoverageWarning[];
  /** Pipes, FIFOs, ptys and socketpairs between processes' stdio (Linux; absent when not collected). */
  ioChannels?: IoChannel[];
}

export type EvidenceValue = string | number | boolean | null | string[] | number[];

/** What a rule reports for one tick; the engine folds findings into alerts. */
export interface Finding {
  /** Folding key within the rule, e.g. `${pid}|${remote}`. */
  key: string;
  severity: Severity;
  title: string;
  description: string;
  source?: Endpoint;
  destination?: Endpoint;
  process?: ProcessRef;
  evidence: Record<string, EvidenceValue>;
  /** How many new occurrences this finding stands for (default 1). */
  occurrences?: number;
}

/** A suppressed alert is still recorded, but raises no notification and counts in no severity total or risk. */
export type AlertStatus = 'active' | 'suppressed';

/** A suppression as the settings hold it, and as an alert carries the one that matched it. */
export interface AlertSuppression {
  /** An alert's id (`rule:key`, as in the report's threat_events[].id). */
  key?: string;
  rule?: string;
  /** An ATT&CK id; a technique also covers its sub-techniques (T1090 covers T1090.003). */
  technique?: string;
  /** A process name, or an executable path when it contains a `/`. */
  process?: string;
  /** An address, `address:port` (`[v6]:port`) or a CIDR. */
  destination?: string;
  /** ISO time after which the suppression no longer applies. */
  until?: string;
  reason?: string;
}

export interface Alert {
  /** Stable: `${ruleId}:${key}`. */
  id: string;
  ruleId: string;
  techniqueId: string;
  severity: Severity;
  title: string;
  description: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  source?: Endpoint;
  destination?: Endpoint;
  process?: ProcessRef;
  evidence: Record<string, EvidenceValue>;
  /** Absent means active. */
  status?: AlertStatus;
  /** Set while status is 'suppressed'. */
  suppressedBy?: AlertSuppression;
}

export type SessionState = 'idle' | 'running' | 'stopping' | 'stopped';

/** The small part of a snapshot, sent whole with every batch. */
export interface HostFacts {
  time: number;
  hostname: string;
  platform: string;
  gateway?: Gateway;
  dnsResolvers: string[];
  interfaces: InterfaceCounters[];
  system: SystemMetrics;
  coverage: CoverageWarning[];
  /** This host's interface addresses, so the renderer's HOME_NET matches main's (optional: added for the renderer). */
  localAddresses?: InterfaceAddress[];
}

/** The tables of a snapshot that host activity can grow: batches carry only their changes. */
export interface SnapshotTables {
  connections: Connection[];
  listening: ListeningPort[];
  arp: ArpEntry[];
}

export type TableName = keyof SnapshotTables;
export const TABLE_NAMES: readonly TableName[] = ['connections', 'listening', 'arp'];

/** The part of a snapshot the UI and report need (no process tree). */
export interface SnapshotView extends HostFacts, SnapshotTables {}

export type SeverityCounts = Record<Severity, number>;

/** One table's changes since the previous batch; rows are keyed by `rowId` (src-shared/batch.ts). */
export interface TableDelta<T> {
  /** Rows that appeared (opened connections) or changed (state, byte counts, owner). */
  changed: T[];
  /** Ids of rows that are gone (closed connections). */
  removed: string[];
  /** Rows a receiver holds once it applied this delta; a receiver holding another number is out of step and calls getState. */
  count: number;
}

export type TableDeltas = { [K in TableName]: TableDelta<SnapshotTables[K][number]> };

/** Set when a batch reached its size budget: what was held back follows in the next batches. */
export interface BatchTruncation {
  budgetBytes: number;
  /** Changes (rows, removals, alerts) left for later batches. */
  heldBack: Record<TableName | 'alerts', number>;
}

/**
 * One message per tick from the session to every consumer: what changed since the previous batch.
 * A receiver that starts late or misses one catches up with getState (a batch holding every row).
 */
export interface TickBatch {
  seq: number;
  time: number;
  startedAt: number;
  elapsedMs: number;
  state: SessionState;
  host: HostFacts;
  tables: TableDeltas;
  /** Rows on the host this tick (a receiver may hold fewer while a truncated batch catches up). */
  totals: Record<TableName, number>;
  /** Alerts created or updated since the previous batch, most severe first. */
  changedAlerts: Alert[];
  /** Counts over the session's active alerts (suppressed ones are left out). */
  severityCounts: SeverityCounts;
  /** How many alerts are suppressed now. */
  suppressedCount?: number;
  /** Alerts the engine evicted this tick (to stay within its cap): consumers holding alerts remove them. */
  droppedAlertIds: string[];
  /** Alerts not kept on their own since the session began (evicted, or folded into a flood summary); the report's coverage shows the same number. */
  alertsDropped: number;
  /** Milliseconds spent collecting and detecting this tick. */
  collectMs: number;
  detectMs: number;
  /** Problems of this tick (collector coverage is in host.coverage). */
  warnings: string[];
  /** Serialised size of this batch in bytes (JSON, as estimated by the session while building it). */
  bytes: number;
  truncated?: BatchTruncation;
}

/** The reference an alert or connection carries for a process of the process table. */
export function toProcessRef(info: ProcessInfo): ProcessRef {
  const ref: ProcessRef = { pid: info.pid, name: info.name, ppid: info.ppid };
  if (info.exe !== undefined) ref.exe = info.exe;
  if (info.cmdline !== undefined) ref.cmdline = info.cmdline;
  if (info.user !== undefined) ref.user = info.user;
  return ref;
}

export function emptySeverityCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
}

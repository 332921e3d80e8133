// The sockets a collector sees, and who owns them: part of the data contract (src-shared/model).
// Types and the TCP state table: nothing from Node, the DOM or Electron.

export type Protocol = 'tcp' | 'udp';
export type AddressFamily = 4 | 6;

/**
 * Linux's TCP state names (as `ss` prints them, upper-case), each at its kernel code
 * (include/net/tcp_states.h: TCP_ESTABLISHED = 1 … TCP_NEW_SYN_RECV = 12); code 0 is no state.
 */
export const TCP_STATES = [
  'UNKNOWN',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
] as const;

/** A TCP state from TCP_STATES; UDP sockets are 'UNCONN' or 'ESTABLISHED'. */
export type SocketState = (typeof TCP_STATES)[number] | 'UNCONN';

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
  /** Seen between ticks by the low-level watch and closed before this tick (a tool that lived less than a tick). */
  closedBeforeTick?: boolean;
}

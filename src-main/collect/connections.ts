// Turns raw sockets into the snapshot's connections and listening ports: LISTEN (and unconnected
// UDP bound sockets) become listening ports; every other socket gets a direction and an owner.
import { toProcessRef, type Connection, type Direction, type ListeningPort, type ProcessInfo, type ProcessRef } from '../../src-shared/model';
import { isLoopback, isUnspecified } from '../../src-shared/net';
import { connectionKey, type TcpBytes } from './linux/tcp-info';

/** A socket as a collector read it: a Connection whose direction and owner are not filled in yet. */
export type RawSocket = Connection;

export interface AssembleInput {
  sockets: readonly RawSocket[];
  /** This host's own addresses (normalised). */
  ownAddresses: ReadonlySet<string>;
  /** The owning pid of a socket, if known (called for every socket, inode 0 included). */
  ownerOf: (socket: RawSocket) => number | undefined;
  processes: ReadonlyMap<number, ProcessInfo>;
  /** tcp_info counters keyed by connectionKey(). */
  tcpBytes?: ReadonlyMap<string, TcpBytes>;
}

export interface Assembled {
  connections: Connection[];
  listening: ListeningPort[];
}

export function isListening(socket: RawSocket, kinds?: AddressKinds): boolean {
  if (socket.protocol === 'tcp') return socket.state === 'LISTEN';
  return socket.state === 'UNCONN' && socket.remotePort === 0 && (kinds ? kinds.isUnspecified(socket.remoteAddress) : isUnspecified(socket.remoteAddress));
}

export function classifyDirection(
  socket: RawSocket,
  ownAddresses: ReadonlySet<string>,
  listeningPorts: ReadonlySet<number>,
  kinds: AddressKinds = new AddressKinds(ownAddresses),
): Direction {
  const { localAddress, remoteAddress } = socket;
  if (socket.remotePort === 0 || kinds.isUnspecified(remoteAddress)) return 'unknown';
  if (kinds.isOwn(remoteAddress) && kinds.isOwn(localAddress)) return 'local';
  return listeningPorts.has(socket.localPort) ? 'inbound' : 'outbound';
}

const UNSPECIFIED = 1;
const OWN = 2;
const LOOPBACK = 4;

/**
 * Each distinct address parsed once per assembly: 10,000 sockets share a handful of addresses, and
 * parsing the string is most of what classifying a socket costs.
 */
export class AddressKinds {
  private readonly kinds = new Map<string, number>();

  constructor(private readonly ownAddresses: ReadonlySet<string>) {}

  private of(address: string): number {
    let kind = this.kinds.get(address);
    if (kind === undefined) {
      const loopback = isLoopback(address);
      kind = (isUnspecified(address) ? UNSPECIFIED : 0) | (loopback ? LOOPBACK : 0) | (loopback || this.ownAddresses.has(address) ? OWN : 0);
      this.kinds.set(address, kind);
    }
    return kind;
  }

  isUnspecified(address: string): boolean {
    return (this.of(address) & UNSPECIFIED) !== 0;
  }

  isOwn(address: string): boolean {
    return (this.of(address) & OWN) !== 0;
  }

  isLoopback(address: string): boolean {
    return (this.of(address) & LOOPBACK) !== 0;
  }
}

/** Completes the sockets in place (direction, owner, byte counts): they become the connections. */
export function assembleSockets(input: AssembleInput): Assembled {
  const { sockets, ownAddresses, ownerOf, processes, tcpBytes } = input;
  const listening: ListeningPort[] = [];
  const connections: Connection[] = [];
  const tcpListening = new Set<number>();
  const udpListening = new Set<number>();
  const listens = new Uint8Array(sockets.length);
  const refs = new Map<number, ProcessRef>();
  const kinds = new AddressKinds(ownAddresses);
  const refFor = (socket: RawSocket): ProcessRef | undefined => {
    const pid = ownerOf(socket);
    if (pid === undefined) return undefined;
    let ref = refs.get(pid);
    if (!ref) {
      const info = processes.get(pid);
      ref = info ? toProcessRef(info) : { pid, name: '' };
      refs.set(pid, ref); // shared by all of a process's sockets
    }
    return ref;
  };
  for (let i = 0; i < sockets.length; i++) {
    const socket = sockets[i] as RawSocket;
    if (!isListening(socket, kinds)) continue;
    listens[i] = 1;
    (socket.protocol === 'tcp' ? tcpListening : udpListening).add(socket.localPort);
    const port: ListeningPort = {
      protocol: socket.protocol,
      family: socket.family,
      address: socket.localAddress,
      port: socket.localPort,
      inode: socket.inode,
    };
    const ref = refFor(socket);
    if (ref) port.process = ref;
    listening.push(port);
  }
  for (let i = 0; i < sockets.length; i++) {
    if (listens[i]) continue;
    const socket = sockets[i] as RawSocket;
    socket.direction = classifyDirection(socket, ownAddresses, socket.protocol === 'tcp' ? tcpListening : udpListening, kinds);
    const ref = refFor(socket);
    if (ref) socket.process = ref;
    if (tcpBytes && tcpBytes.size > 0 && socket.protocol === 'tcp' && socket.state === 'ESTABLISHED' && !kinds.isLoopback(socket.remoteAddress)) {
      const bytes = tcpBytes.get(connectionKey(socket.localAddress, socket.localPort, socket.remoteAddress, socket.remotePort));
      if (bytes) {
        socket.bytesSent = bytes.bytesSent;
        socket.bytesReceived = bytes.bytesReceived;
      }
    }
    connections.push(socket);
  }
  return { connections, listening };
}

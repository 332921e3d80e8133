// Turns raw sockets into the snapshot's connections and listening ports: LISTEN (and unconnected
// UDP bound sockets) become listening ports; every other socket gets a direction and an owner.
import type {
  AddressFamily, Connection, Direction, ListeningPort, ProcessInfo, ProcessRef, Protocol, SocketState,
} from '../../src-shared/model';
import { isLoopback, isUnspecified } from './address';
import { connectionKey, type TcpBytes } from './linux/tcp-info';

export interface RawSocket {
  protocol: Protocol;
  family: AddressFamily;
  state: SocketState;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  inode: number;
  uid?: number;
}

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

export function isListening(socket: RawSocket): boolean {
  if (socket.protocol === 'tcp') return socket.state === 'LISTEN';
  return socket.state === 'UNCONN' && socket.remotePort === 0 && isUnspecified(socket.remoteAddress);
}

export function processRef(info: ProcessInfo): ProcessRef {
  const ref: ProcessRef = { pid: info.pid, name: info.name, ppid: info.ppid };
  if (info.exe !== undefined) ref.exe = info.exe;
  if (info.cmdline !== undefined) ref.cmdline = info.cmdline;
  if (info.user !== undefined) ref.user = info.user;
  return ref;
}

export function classifyDirection(
  socket: RawSocket,
  ownAddresses: ReadonlySet<string>,
  listeningPorts: ReadonlySet<number>,
): Direction {
  const { localAddress, remoteAddress } = socket;
  if (socket.remotePort === 0 || isUnspecified(remoteAddress)) return 'unknown';
  const own = (a: string): boolean => isLoopback(a) || ownAddresses.has(a);
  if (own(remoteAddress) && own(localAddress)) return 'local';
  return listeningPorts.has(socket.localPort) ? 'inbound' : 'outbound';
}

export function assembleSockets(input: AssembleInput): Assembled {
  const { sockets, ownAddresses, ownerOf, processes, tcpBytes } = input;
  const listening: ListeningPort[] = [];
  const connections: Connection[] = [];
  const tcpListening = new Set<number>();
  const udpListening = new Set<number>();
  const refs = new Map<number, ProcessRef>();
  const refFor = (socket: RawSocket): ProcessRef | undefined => {
    const pid = ownerOf(socket);
    if (pid === undefined) return undefined;
    let ref = refs.get(pid);
    if (!ref) {
      const info = processes.get(pid);
      ref = info ? processRef(info) : { pid, name: '' };
      refs.set(pid, ref); // shared by all of a process's sockets
    }
    return ref;
  };
  for (const socket of sockets) {
    if (!isListening(socket)) continue;
    (socket.protocol === 'tcp' ? tcpListening : udpListening).add(socket.localPort);
    const port: ListeningPort = {
      protocol: socket.protocol, family: socket.family, address: socket.localAddress, port: socket.localPort, inode: socket.inode,
    };
    const ref = refFor(socket);
    if (ref) port.process = ref;
    listening.push(port);
  }
  for (const socket of sockets) {
    if (isListening(socket)) continue;
    const ports = socket.protocol === 'tcp' ? tcpListening : udpListening;
    const connection: Connection = {
      protocol: socket.protocol,
      family: socket.family,
      state: socket.state,
      localAddress: socket.localAddress,
      localPort: socket.localPort,
      remoteAddress: socket.remoteAddress,
      remotePort: socket.remotePort,
      inode: socket.inode,
      direction: classifyDirection(socket, ownAddresses, ports),
    };
    if (socket.uid !== undefined) connection.uid = socket.uid;
    const ref = refFor(socket);
    if (ref) connection.process = ref;
    if (tcpBytes && socket.protocol === 'tcp' && socket.state === 'ESTABLISHED' && !isLoopback(socket.remoteAddress)) {
      const bytes = tcpBytes.get(connectionKey(socket.localAddress, socket.localPort, socket.remoteAddress, socket.remotePort));
      if (bytes) {
        connection.bytesSent = bytes.bytesSent;
        connection.bytesReceived = bytes.bytesReceived;
      }
    }
    connections.push(connection);
  }
  return { connections, listening };
}

// macOS / Windows: sockets, processes, CPU, memory and interface counters through systeminformation,
// neighbours through `arp -a`. Thin on purpose; Linux has the full /proc path.
import os from 'node:os';
import si from 'systeminformation';
import {
  TCP_STATES,
  type ArpEntry,
  type CoverageWarning,
  type HostSnapshot,
  type InterfaceCounters,
  type ProcessInfo,
  type SocketState,
} from '../../src-shared/model';
import { normalizeIp, parseIPv4 } from '../../src-shared/net';
import { interfaceAddresses } from './addresses';
import { parseArpA } from './arp';
import { assembleSockets, type RawSocket } from './connections';
import { parseResolvConf } from './dns';
import { withGatewayMac } from './gateway';
import { ELEVATED_RUN_HINT, guardInto, warning } from './source';
import type { Collector, CommandRunner, FileReader } from './types';
import { boundedCmdline, boundedExe, boundedName, type ProcessTextOptions } from './process-text';

/** The TCP states systeminformation can name (code 0 of the kernel table is no state). */
const STATES: ReadonlySet<string> = new Set(TCP_STATES.filter((state) => state !== 'UNKNOWN'));

export function siState(protocol: 'tcp' | 'udp', state: string): SocketState {
  const s = state
    .toUpperCase()
    .replace(/-/g, '_')
    .replace('FIN_WAIT_', 'FIN_WAIT')
    .replace(/^ESTAB$/, 'ESTABLISHED');
  if (STATES.has(s)) return s as SocketState;
  return protocol === 'udp' ? 'UNCONN' : 'UNKNOWN';
}

export function siSocket(c: si.Systeminformation.NetworkConnectionsData): RawSocket | undefined {
  const protocol = c.protocol.toLowerCase().startsWith('udp') ? 'udp' : c.protocol.toLowerCase().startsWith('tcp') ? 'tcp' : undefined;
  if (!protocol) return undefined;
  const local = normalizeIp(c.localAddress === '*' ? '0.0.0.0' : c.localAddress);
  const remote = normalizeIp(c.peerAddress === '*' || !c.peerAddress ? '0.0.0.0' : c.peerAddress);
  if (local === null || remote === null) return undefined;
  const port = (p: string): number => (/^\d+$/.test(p) ? Number(p) : 0);
  return {
    protocol,
    family: parseIPv4(local) !== null ? 4 : 6,
    state: siState(protocol, c.state),
    localAddress: local,
    localPort: port(c.localPort),
    remoteAddress: remote,
    remotePort: port(c.peerPort),
    inode: 0,
    direction: 'unknown',
  };
}

/** One systeminformation process; its exe is the path, joined to the name unless it already ends with it. */
export function siProcess(p: si.Systeminformation.ProcessesProcessData, platform: NodeJS.Platform, textOptions: ProcessTextOptions): ProcessInfo {
  const info: ProcessInfo = { pid: p.pid, ppid: p.parentPid, name: boundedName(p.name) };
  if (p.path) info.exe = boundedExe(p.path.endsWith(p.name) ? p.path : `${p.path}${platform === 'win32' ? '\\' : '/'}${p.name}`);
  const cmdline = [p.command, p.params].filter(Boolean).join(' ');
  if (cmdline) info.cmdline = boundedCmdline(cmdline, textOptions);
  if (p.user) info.user = p.user;
  const started = Date.parse(p.started);
  if (Number.isFinite(started)) info.startTime = started;
  return info;
}

/** The TCP and UDP sockets systeminformation listed, with their owners where it named one. */
export function siSockets(conns: readonly si.Systeminformation.NetworkConnectionsData[]): {
  sockets: RawSocket[];
  ownerBySocket: Map<RawSocket, number>;
  /** Sockets without an owning pid. */
  unowned: number;
} {
  const sockets: RawSocket[] = [];
  const ownerBySocket = new Map<RawSocket, number>();
  let unowned = 0;
  for (const c of conns) {
    const socket = siSocket(c);
    if (!socket) continue;
    sockets.push(socket);
    if (c.pid > 0) ownerBySocket.set(socket, c.pid);
    else unowned++;
  }
  return { sockets, ownerBySocket, unowned };
}

/** CPU and memory load, and the network rates and error counts summed over the interfaces. */
export function siSystem(
  load: si.Systeminformation.CurrentLoadData | undefined,
  mem: si.Systeminformation.MemData | undefined,
  interfaces: readonly InterfaceCounters[],
): HostSnapshot['system'] {
  return {
    cpuPercent: load?.currentLoad ?? 0,
    memUsedBytes: mem ? mem.total - mem.available : 0,
    memTotalBytes: mem?.total ?? 0,
    netRxRate: interfaces.reduce((sum, i) => sum + i.rxRate, 0),
    netTxRate: interfaces.reduce((sum, i) => sum + i.txRate, 0),
    netErrors: interfaces.reduce((sum, i) => sum + i.rxErrors + i.txErrors, 0),
    netDrops: interfaces.reduce((sum, i) => sum + i.rxDropped + i.txDropped, 0),
  };
}

export class PortableCollector implements Collector {
  private previousStats = new Map<string, { rx: number; tx: number; at: number }>();

  constructor(
    private readonly platform: NodeJS.Platform,
    private readonly fileReader: FileReader,
    private readonly commandRunner: CommandRunner,
    private readonly textOptions: ProcessTextOptions = {},
  ) {}

  async collect(): Promise<HostSnapshot> {
    const time = Date.now();
    const coverage: CoverageWarning[] = [];
    const attempt = guardInto(coverage, 'unavailable');
    const [conns, procs, load, mem, stats, gatewayIp, arpText, resolv] = await Promise.all([
      attempt('sockets', [] as si.Systeminformation.NetworkConnectionsData[], () => si.networkConnections()),
      attempt('processes', [] as si.Systeminformation.ProcessesProcessData[], async () => (await si.processes()).list),
      attempt('system', undefined as si.Systeminformation.CurrentLoadData | undefined, () => si.currentLoad()),
      attempt('system', undefined as si.Systeminformation.MemData | undefined, () => si.mem()),
      attempt('interfaces', [] as si.Systeminformation.NetworkStatsData[], () => si.networkStats('*')),
      attempt('gateway', '', () => si.networkGatewayDefault()),
      attempt('arp', '', () => this.commandRunner('arp', ['-a'])),
      this.platform === 'win32' ? Promise.resolve('') : attempt('dns', '', () => this.fileReader('/etc/resolv.conf')),
    ]);
    if (this.platform === 'win32') coverage.push(warning('dns', 'configured DNS resolvers are not read on Windows yet'));
    const processes: ProcessInfo[] = procs.map((p) => siProcess(p, this.platform, this.textOptions));
    const { sockets, ownerBySocket, unowned } = siSockets(conns);
    if (unowned > 0) coverage.push(warning('sockets', `owner unknown for ${unowned} sockets`, ELEVATED_RUN_HINT));
    const localAddresses = interfaceAddresses(os.networkInterfaces());
    const { connections, listening } = assembleSockets({
      sockets,
      ownAddresses: new Set(localAddresses.map((a) => a.address)),
      ownerOf: (s) => ownerBySocket.get(s),
      processes: new Map(processes.map((p) => [p.pid, p])),
    });
    const arp: ArpEntry[] = parseArpA(arpText).entries;
    const interfaces: InterfaceCounters[] = stats.map((s) => this.interfaceCounters(s, time));
    const snapshot: HostSnapshot = {
      time,
      hostname: os.hostname(),
      platform: this.platform,
      connections,
      listening,
      processes,
      arp,
      dnsResolvers: parseResolvConf(resolv),
      localAddresses,
      interfaces,
      system: siSystem(load, mem, interfaces),
      coverage,
    };
    const gateway = withGatewayMac(gatewayIp ? { ip: gatewayIp, iface: '' } : undefined, arp);
    if (gateway) snapshot.gateway = gateway;
    return snapshot;
  }

  private interfaceCounters(s: si.Systeminformation.NetworkStatsData, at: number): InterfaceCounters {
    const before = this.previousStats.get(s.iface);
    this.previousStats.set(s.iface, { rx: s.rx_bytes, tx: s.tx_bytes, at });
    const rate = (now: number, then: number | undefined): number =>
      before && then !== undefined && at > before.at && now >= then ? ((now - then) * 1000) / (at - before.at) : 0;
    return {
      name: s.iface,
      rxBytes: s.rx_bytes,
      txBytes: s.tx_bytes,
      rxPackets: 0,
      txPackets: 0,
      rxErrors: s.rx_errors,
      txErrors: s.tx_errors,
      rxDropped: s.rx_dropped,
      txDropped: s.tx_dropped,
      rxRate: rate(s.rx_bytes, before?.rx),
      txRate: rate(s.tx_bytes, before?.tx),
    };
  }
}

// One HostSnapshot per call on Linux, straight from /proc plus `ip neigh` and `ss`.
import os from 'node:os';
import type { ArpEntry, CoverageWarning, Gateway, HostSnapshot, KernelCounters } from '../../../src-shared/model';
import { isLoopback } from '../address';
import { interfaceAddresses } from '../addresses';
import { assembleSockets, type RawSocket } from '../connections';
import { parseResolvConf, SYSTEMD_RESOLVED_UPSTREAM, usesResolvedStub } from '../dns';
import { parseIpRouteDefault, parseProcNetRoute, withGatewayMac } from '../gateway';
import type { ProcFs } from '../io';
import { describeFailure, errorCode, warning } from '../source';
import { ToolRunner } from '../tool-runner';
import type { Collector, CommandRunner, FileReader } from '../types';
import { FdMapCache } from './fd-map';
import { NeighbourReader } from './neighbours';
import { parseNetDev, withRates, type RawInterfaceCounters } from './netdev';
import { ProcessTable, type ProcessTableData } from './processes';
import { parseProcNet, type ProcNetSocket } from './proc-net';
import { parseSnmp } from './snmp';
import { cpuPercent, parseCpuTimes, parseMeminfo, type CpuTimes } from './system';
import { parseSsTcpInfo, SS_TCP_INFO_ARGS, type TcpBytes } from './tcp-info';

export interface LinuxCollectorOptions {
  fileReader: FileReader;
  commandRunner: CommandRunner;
  procFs: ProcFs;
  /** Full re-walk of each process's fds at least this often (ticks). */
  fdRefreshTicks?: number;
  /** Per-connection byte counters through `ss` (default on). */
  tcpInfo?: boolean;
  /** Our own uid, to tell "sockets of other users" from races; default process.getuid(). */
  uid?: number;
}

const PROC_NET_FILES: ReadonlyArray<[string, 'tcp' | 'udp']> = [
  ['/proc/net/tcp', 'tcp'], ['/proc/net/tcp6', 'tcp'], ['/proc/net/udp', 'udp'], ['/proc/net/udp6', 'udp'],
];

export class LinuxCollector implements Collector {
  private readonly processTable: ProcessTable;
  private readonly fdMap: FdMapCache;
  private previousCpu: CpuTimes | undefined;
  private previousNetDev: { at: number; counters: RawInterfaceCounters[] } | undefined;
  private readonly tools: ToolRunner;
  private readonly neighbours: NeighbourReader;

  constructor(private readonly options: LinuxCollectorOptions) {
    this.processTable = new ProcessTable(options.fileReader, options.procFs);
    this.tools = new ToolRunner(options.commandRunner);
    this.neighbours = new NeighbourReader(options.fileReader, this.tools);
    this.fdMap = new FdMapCache(options.procFs, { refreshEveryTicks: options.fdRefreshTicks ?? 60 });
  }

  /** The fd walk's counters, for benchmarks and tests. */
  get fdStats(): FdMapCache['stats'] {
    return this.fdMap.stats;
  }

  async collect(): Promise<HostSnapshot> {
    const time = Date.now();
    this.tools.nextTick();
    const coverage: CoverageWarning[] = [];
    const guard = async <T>(source: string, fallback: T, fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        coverage.push(warning(source, `collection failed: ${describeFailure(err)}`));
        return fallback;
      }
    };
    const emptyTable: ProcessTableData = { processes: [], byPid: new Map(), uidsByPid: new Map(), kernelThreads: new Set() };
    const [table, sockets, neighbours, gateway, dnsResolvers, netdev, kernel, system] = await Promise.all([
      guard('processes', emptyTable, async () => {
        const result = await this.processTable.update();
        coverage.push(...result.coverage);
        return result.data;
      }),
      guard('sockets', [] as ProcNetSocket[], () => this.readSockets(coverage)),
      guard('arp', [] as ArpEntry[], () => this.neighbours.collect(coverage)),
      guard('gateway', undefined as Gateway | undefined, () => this.readGateway(coverage)),
      guard('dns', [] as string[], () => this.readResolvers(coverage)),
      guard('interfaces', [] as RawInterfaceCounters[], () => this.readNetDev(coverage)),
      guard('kernel', undefined as KernelCounters | undefined, () => this.readSnmp(coverage)),
      guard('system', { cpu: 0, mem: undefined as ReturnType<typeof parseMeminfo> }, () => this.readSystem(coverage)),
    ]);
    const [ownerOf, tcpBytes] = await Promise.all([
      guard('sockets', new Map<number, number>(), () => this.attributeSockets(sockets, table, coverage)),
      guard('tcp-info', undefined as Map<string, TcpBytes> | undefined, () => this.readTcpInfo(sockets, coverage)),
    ]);
    const localAddresses = await guard('addresses', [], async () => interfaceAddresses(os.networkInterfaces()));
    const ownAddresses = new Set(localAddresses.map((a) => a.address));
    const { connections, listening } = assembleSockets({
      sockets,
      ownAddresses,
      ownerOf: (s: RawSocket) => (s.inode > 0 ? ownerOf.get(s.inode) : undefined),
      processes: table.byPid,
      ...(tcpBytes ? { tcpBytes } : {}),
    });
    const interfaces = withRates(netdev, this.previousNetDev?.counters, this.previousNetDev ? time - this.previousNetDev.at : 0);
    this.previousNetDev = { at: time, counters: netdev };
    const snapshot: HostSnapshot = {
      time,
      hostname: os.hostname(),
      platform: 'linux',
      connections,
      listening,
      processes: table.processes,
      arp: neighbours,
      dnsResolvers,
      localAddresses,
      interfaces,
      system: {
        cpuPercent: system.cpu,
        memUsedBytes: system.mem?.usedBytes ?? 0,
        memTotalBytes: system.mem?.totalBytes ?? 0,
        loadAverage: os.loadavg() as [number, number, number],
        netRxRate: interfaces.reduce((sum, i) => sum + i.rxRate, 0),
        netTxRate: interfaces.reduce((sum, i) => sum + i.txRate, 0),
        netErrors: interfaces.reduce((sum, i) => sum + i.rxErrors + i.txErrors, 0),
        netDrops: interfaces.reduce((sum, i) => sum + i.rxDropped + i.txDropped, 0),
      },
      coverage,
    };
    const gatewayWithMac = withGatewayMac(gateway, neighbours);
    if (gatewayWithMac) snapshot.gateway = gatewayWithMac;
    if (kernel) snapshot.kernel = kernel;
    return snapshot;
  }

  /** Each table is parsed as soon as it arrives, while the others are still being read. */
  private async readSockets(coverage: CoverageWarning[]): Promise<ProcNetSocket[]> {
    const tables = await Promise.all(
      PROC_NET_FILES.map(async ([path, protocol]) => {
        let text: string;
        try {
          text = await this.options.fileReader(path);
        } catch (err) {
          // No tcp6/udp6 when IPv6 is disabled: nothing is missing then.
          if (errorCode(err) !== 'ENOENT' || !path.endsWith('6')) {
            coverage.push(warning('sockets', `cannot read ${path}: ${describeFailure(err)}`));
          }
          return [];
        }
        const { sockets, badLines } = parseProcNet(text, protocol);
        if (badLines > 0) coverage.push(warning('sockets', `${badLines} malformed lines in ${path} skipped`));
        return sockets;
      }),
    );
    return tables.flat();
  }

  /** Maps socket inodes to pids, re-walking suspects when a socket has no known owner. */
  private async attributeSockets(
    sockets: readonly ProcNetSocket[],
    table: ProcessTableData,
    coverage: CoverageWarning[],
  ): Promise<Map<number, number>> {
    const processes = [];
    for (const p of table.processes) if (!table.kernelThreads.has(p.pid)) processes.push({ pid: p.pid, startTime: p.startTime });
    let owners = await this.fdMap.update(processes);
    const unowned = new Map<number, number>();
    let unresolved = 0;
    for (const s of sockets) {
      if (s.inode === 0 || owners.ownerByInode.has(s.inode)) continue;
      unowned.set(s.inode, s.uid);
      if (!this.fdMap.isKnownOrphan(s.inode)) unresolved++;
    }
    if (unresolved > 0) {
      const related = relatedOwners(sockets, unowned, owners.ownerByInode);
      const resolved = await this.fdMap.resolve(unowned, related, (uid) => candidatesByUid(table, uid));
      if (resolved) {
        owners = { ...resolved, deniedPids: owners.deniedPids, vanishedPids: owners.vanishedPids };
        for (const inode of [...unowned.keys()]) if (owners.ownerByInode.has(inode)) unowned.delete(inode);
      }
    }
    for (const [pid, stdio] of owners.stdioByPid) {
      const info = table.byPid.get(pid);
      if (info && stdio.some((inode) => inode !== undefined)) info.stdioSocketInodes = [...stdio];
    }
    coverage.push(...ownerCoverage(unowned, owners.deniedPids, this.options.uid ?? process.getuid?.()));
    return owners.ownerByInode;
  }

  private async readGateway(coverage: CoverageWarning[]): Promise<Gateway | undefined> {
    try {
      const gateway = parseProcNetRoute(await this.options.fileReader('/proc/net/route'));
      if (gateway) return gateway;
    } catch {
      // fall through to `ip route`
    }
    const output = await this.tools.run('ip', ['route', 'show', 'default']);
    if (typeof output === 'string') return parseIpRouteDefault(output);
    coverage.push(warning('gateway', `default gateway unknown: \`ip route\` ${describeFailure(output.error)}`, 'install iproute2'));
    return undefined;
  }

  private async readResolvers(coverage: CoverageWarning[]): Promise<string[]> {
    let servers: string[];
    try {
      servers = parseResolvConf(await this.options.fileReader('/etc/resolv.conf'));
    } catch (err) {
      coverage.push(warning('dns', `cannot read /etc/resolv.conf: ${describeFailure(err)}`));
      return [];
    }
    if (!usesResolvedStub(servers)) return servers;
    try {
      const upstream = parseResolvConf(await this.options.fileReader(SYSTEMD_RESOLVED_UPSTREAM));
      if (upstream.length > 0) return upstream;
    } catch (err) {
      coverage.push(warning('dns', `systemd-resolved stub in use but ${SYSTEMD_RESOLVED_UPSTREAM} unreadable: ${describeFailure(err)}`));
    }
    return servers;
  }

  private async readNetDev(coverage: CoverageWarning[]): Promise<RawInterfaceCounters[]> {
    const { interfaces, badLines } = parseNetDev(await this.options.fileReader('/proc/net/dev'));
    if (badLines > 0) coverage.push(warning('interfaces', `${badLines} malformed lines in /proc/net/dev skipped`));
    return interfaces;
  }

  private async readSnmp(coverage: CoverageWarning[]): Promise<KernelCounters | undefined> {
    const counters = parseSnmp(await this.options.fileReader('/proc/net/snmp'));
    if (!counters) coverage.push(warning('kernel', '/proc/net/snmp has no Tcp section'));
    return counters;
  }

  private async readSystem(coverage: CoverageWarning[]): Promise<{ cpu: number; mem: ReturnType<typeof parseMeminfo> }> {
    const [stat, meminfo] = await Promise.allSettled([
      this.options.fileReader('/proc/stat'),
      this.options.fileReader('/proc/meminfo'),
    ]);
    let cpu = 0;
    const times = stat.status === 'fulfilled' ? parseCpuTimes(stat.value) : undefined;
    if (times) {
      cpu = cpuPercent(this.previousCpu, times);
      this.previousCpu = times;
    } else coverage.push(warning('system', 'CPU use unknown: /proc/stat unreadable'));
    const mem = meminfo.status === 'fulfilled' ? parseMeminfo(meminfo.value) : undefined;
    if (!mem) coverage.push(warning('system', 'memory use unknown: /proc/meminfo unreadable'));
    return { cpu, mem };
  }

  private async readTcpInfo(sockets: readonly ProcNetSocket[], coverage: CoverageWarning[]): Promise<Map<string, TcpBytes> | undefined> {
    if (this.options.tcpInfo === false) return undefined;
    // `ss` costs a process and a kernel walk over every socket: skip it when nothing could use it.
    if (!sockets.some(leavesHost)) return new Map();
    const output = await this.tools.run('ss', SS_TCP_INFO_ARGS);
    if (typeof output !== 'string') {
      coverage.push(
        warning('tcp-info', `per-connection byte counts unavailable: \`ss\` ${describeFailure(output.error)}`, 'install iproute2'),
      );
      return undefined;
    }
    const { bytes, badLines } = parseSsTcpInfo(output);
    if (badLines > 0) coverage.push(warning('tcp-info', `${badLines} malformed lines in \`ss\` output skipped`));
    return bytes;
  }
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** Why some sockets have no owner: other users' processes (without privileges) or protected ones. */
export function ownerCoverage(unowned: ReadonlyMap<number, number>, deniedPids: number, me: number | undefined): CoverageWarning[] {
  if (unowned.size === 0) return [];
  const elevated = me === 0;
  let ofOthers = 0;
  for (const uid of unowned.values()) if (uid !== me) ofOthers++;
  const warnings: CoverageWarning[] = [];
  if (!elevated && ofOthers > 0) {
    warnings.push(
      warning('sockets', `owner unknown for ${plural(ofOthers, 'socket')} of other users; run elevated for full attribution`, 'run NetSentinel with sudo (or as Administrator) to see every owner'),
    );
  }
  const rest = elevated ? unowned.size : unowned.size - ofOthers;
  if (rest > 0) {
    const why = deniedPids > 0 ? `; ${plural(deniedPids, 'process', 'processes')} ${deniedPids === 1 ? 'does' : 'do'} not allow reading their descriptors` : ' (closed or handed over during the tick)';
    warnings.push(
      warning('sockets', `owner unknown for ${plural(rest, 'socket')}${why}`, deniedPids > 0 ? 'protected processes (not dumpable, or in another namespace) hide their descriptors even from root' : undefined),
    );
  }
  return warnings;
}

function leavesHost(s: ProcNetSocket): boolean {
  return s.protocol === 'tcp' && s.state === 'ESTABLISHED' && !isLoopback(s.remoteAddress);
}

/**
 * The likely owners of ownerless sockets: whoever listens on an ownerless socket's local port
 * (accepted connections), holds a connection to the same remote endpoint (client pools), or holds
 * its peer (loopback). Port numbers filter first, so strings are built only for near-matches.
 */
export function relatedOwners(
  sockets: readonly ProcNetSocket[],
  unowned: ReadonlyMap<number, number>,
  ownerByInode: ReadonlyMap<number, number>,
): number[] {
  const listeningPorts = new Set<number>();
  for (const s of sockets) if (s.state === 'LISTEN' || s.state === 'UNCONN') listeningPorts.add(s.localPort);
  const localPorts = new Set<number>();
  const remotePorts = new Set<number>();
  const remoteEndpoints = new Set<string>();
  const peers = new Set<string>();
  for (const s of sockets) {
    if (s.inode === 0 || !unowned.has(s.inode)) continue;
    localPorts.add(s.localPort);
    if (s.remotePort === 0) continue;
    peers.add(`${s.remoteAddress}|${s.remotePort}|${s.localAddress}|${s.localPort}`);
    if (!listeningPorts.has(s.localPort)) {
      // a client: other connections to the same server probably come from the same process
      remotePorts.add(s.remotePort);
      remoteEndpoints.add(`${s.remoteAddress}|${s.remotePort}`);
    }
  }
  const pids = new Set<number>();
  for (const s of sockets) {
    const owner = s.inode > 0 ? ownerByInode.get(s.inode) : undefined;
    if (owner === undefined || pids.has(owner)) continue;
    const related =
      ((s.state === 'LISTEN' || s.state === 'UNCONN') && localPorts.has(s.localPort)) ||
      (remotePorts.has(s.remotePort) && remoteEndpoints.has(`${s.remoteAddress}|${s.remotePort}`)) ||
      (localPorts.has(s.remotePort) && peers.has(`${s.localAddress}|${s.localPort}|${s.remoteAddress}|${s.remotePort}`));
    if (related) pids.add(owner);
  }
  return [...pids];
}

function candidatesByUid(table: ProcessTableData, uid: number): number[] {
  const pids: number[] = [];
  for (const [pid, uids] of table.uidsByPid) {
    if (uids.real === uid || uids.effective === uid || uids.saved === uid || uids.fs === uid) pids.push(pid);
  }
  return pids;
}

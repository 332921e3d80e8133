// One HostSnapshot per call on Linux, straight from /proc plus `ip neigh` and `ss`.
import os from 'node:os';
import type { ProcessTextOptions } from '../process-text';
import { performance } from 'node:perf_hooks';
import type { ArpEntry, CoverageWarning, Gateway, HostSnapshot, IoChannel, KernelCounters, LowLevelSocket } from '../../../src-shared/model';
import { isLoopback } from '../address';
import { interfaceAddresses } from '../addresses';
import { assembleSockets, type RawSocket } from '../connections';
import { parseResolvConf, SYSTEMD_RESOLVED_UPSTREAM, usesResolvedStub } from '../dns';
import { parseIpRouteDefault, parseProcNetRoute, withGatewayMac } from '../gateway';
import type { ProcFs } from '../io';
import { ELEVATED_RUN_HINT, describeFailure, errorCode, warning } from '../source';
import { ToolRunner } from '../tool-runner';
import type { Collector, CommandRunner, FileReader } from '../types';
import { FdMapCache, type FdWalkStats } from './fd-map';
import { buildIoChannels, orphanStdinPipes, type FdTable } from './io-graph';
import { lowLevelCoverage, readLowLevelSockets, withOwners } from './low-level-read';
import { NeighbourReader } from './neighbours';
import { parseNetDev, withRates, type RawInterfaceCounters } from './netdev';
import { ProcessTable, type ProcessTableData } from './processes';
import { copySocket, parseProcNet, type ProcNetSocket } from './proc-net';
import { parseSnmp } from './snmp';
import { parseUnixInodes } from './unix-sockets';
import { cpuPercent, parseCpuTimes, parseMeminfo, type CpuTimes } from './system';
import { awaitsAccept, tcpActivityKey } from './tcp-activity';
import { parseSsTcpInfo, SS_TCP_INFO_ARGS, type TcpBytes } from './tcp-info';

export interface LinuxCollectorOptions extends ProcessTextOptions {
  fileReader: FileReader;
  commandRunner: CommandRunner;
  procFs: ProcFs;
  /** Full re-walk of each process's fds at least this often (ticks). */
  fdRefreshTicks?: number;
  /** Per-connection byte counters through `ss` (default on). */
  tcpInfo?: boolean;
  /** The I/O graph of pipes, FIFOs, ptys and socketpairs between processes' stdio (default on). */
  ioGraph?: boolean;
  /** Our own uid, to tell "sockets of other users" from races; default process.getuid(). */
  uid?: number;
  /**
   * The TCP tables are re-read only when the kernel's TCP counters moved (see tcp-activity.ts),
   * and at least this often (ms; default 10,000; 0 reads them every tick).
   */
  socketTableMaxAgeMs?: number;
  /** Raw, ping and packet sockets (/proc/net/raw… and packet) with their owners (default on). */
  lowLevelSockets?: boolean;
}

/** Why the TCP tables were (or were not) read on a tick. */
export type TcpTableDecision =
  | 'first-read' // nothing cached (first tick, or the last read was incomplete)
  | 'counters-unreadable'
  | 'counters-changed'
  | 'awaiting-accept' // a connection in a listener's queue gets its inode from accept(), which moves no counter
  | 'max-age'
  | 'unchanged'; // not read: the previous tick's TCP sockets were reused

/** What the last collect() did, for benchmarks and tests. */
export interface CollectStats {
  /** Whether /proc/net/tcp and tcp6 were read (the UDP tables are read every tick). */
  tablesRead: boolean;
  decision: TcpTableDecision;
  tcpSockets: number;
  udpSockets: number;
  /** fd walk calls made by this collect(). */
  fdWalk: FdWalkStats;
}

interface TcpTables {
  key: string;
  readAt: number;
  sockets: ProcNetSocket[];
  /** Malformed-line warnings of that read, repeated while it is reused. */
  warnings: CoverageWarning[];
  awaitingAccept: boolean;
}

interface TableRead {
  protocol: 'tcp' | 'udp';
  sockets: ProcNetSocket[];
  /** Read (or absent for lack of IPv6); false when the read failed. */
  complete: boolean;
  warnings: CoverageWarning[];
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
  private tcpTables: TcpTables | undefined;
  /** The last clean `ss` result, reused while the TCP tables are (byte counts move only with segments). */
  private lastTcpBytes: Map<string, TcpBytes> | undefined;
  private stats: CollectStats | undefined;
  private lastIoGraph: { tables: readonly FdTable[]; channels: IoChannel[]; orphanStdin: number[] } | undefined;

  constructor(private readonly options: LinuxCollectorOptions) {
    this.processTable = new ProcessTable(options.fileReader, options.procFs, {
      ...(options.redactSecrets !== undefined ? { redactSecrets: options.redactSecrets } : {}),
    });
    this.tools = new ToolRunner(options.commandRunner);
    this.neighbours = new NeighbourReader(options.fileReader, this.tools);
    this.fdMap = new FdMapCache(options.procFs, { refreshEveryTicks: options.fdRefreshTicks ?? 60, ioLinks: options.ioGraph !== false });
  }

  /** The fd walk's counters, for benchmarks and tests. */
  get fdStats(): FdMapCache['stats'] {
    return this.fdMap.stats;
  }

  /** What the last collect() read; undefined before the first. */
  lastCollectStats(): CollectStats | undefined {
    return this.stats;
  }

  async collect(): Promise<HostSnapshot> {
    const time = Date.now();
    this.tools.nextTick();
    const fdBefore = { ...this.fdMap.stats };
    const tick: { tablesRead: boolean; decision: TcpTableDecision } = { tablesRead: true, decision: 'first-read' };
    const coverage: CoverageWarning[] = [];
    const guard = async <T>(source: string, fallback: T, fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        coverage.push(warning(source, `collection failed: ${describeFailure(err)}`));
        return fallback;
      }
    };
    // Read first: the TCP tables are reused only if nothing moved since before their last read.
    const snmp = (async () => this.options.fileReader('/proc/net/snmp'))();
    snmp.catch(() => undefined); // reported by readSnmp(); readSockets() then reads the tables
    const emptyTable: ProcessTableData = { processes: [], byPid: new Map(), uidsByPid: new Map(), kernelThreads: new Set() };
    const [table, sockets, neighbours, gateway, dnsResolvers, netdev, kernel, system, lowLevel] = await Promise.all([
      guard('processes', emptyTable, async () => {
        const result = await this.processTable.update();
        coverage.push(...result.coverage);
        return result.data;
      }),
      guard('sockets', [] as ProcNetSocket[], () => this.readSockets(coverage, snmp, tick)),
      guard('arp', [] as ArpEntry[], () => this.neighbours.collect(coverage)),
      guard('gateway', undefined as Gateway | undefined, () => this.readGateway(coverage)),
      guard('dns', [] as string[], () => this.readResolvers(coverage)),
      guard('interfaces', [] as RawInterfaceCounters[], () => this.readNetDev(coverage)),
      guard('kernel', undefined as KernelCounters | undefined, () => this.readSnmp(coverage, snmp)),
      guard('system', { cpu: 0, mem: undefined as ReturnType<typeof parseMeminfo> }, () => this.readSystem(coverage)),
      guard('low-level-sockets', undefined as LowLevelSocket[] | undefined, () => this.options.lowLevelSockets === false ? Promise.resolve(undefined) : readLowLevelSockets(this.options.fileReader, coverage)),
    ]);
    const [ownerOf, tcpBytes] = await Promise.all([
      guard('sockets', new Map<number, number>(), () => this.attributeSockets(sockets, table, coverage, lowLevel)),
      guard('tcp-info', undefined as Map<string, TcpBytes> | undefined, () => this.readTcpInfo(sockets, coverage, tick.tablesRead)),
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
    if (this.options.ioGraph !== false) {
      snapshot.ioChannels = await guard('io-graph', [], async () => this.ioChannels(sockets));
      for (const pid of this.lastIoGraph?.orphanStdin ?? []) {
        const info = table.byPid.get(pid);
        if (info) info.stdinWriterGone = true;
      }
    }
    if (kernel) snapshot.kernel = kernel;
    if (lowLevel) {
      snapshot.lowLevelSockets = withOwners(lowLevel, ownerOf, table);
      coverage.push(...lowLevelCoverage(snapshot.lowLevelSockets, this.options.uid ?? process.getuid?.()));
    }
    const fdAfter = this.fdMap.stats;
    let tcpSockets = 0;
    for (const s of sockets) if (s.protocol === 'tcp') tcpSockets++;
    this.stats = {
      ...tick,
      tcpSockets,
      udpSockets: sockets.length - tcpSockets,
      fdWalk: {
        statCalls: fdAfter.statCalls - fdBefore.statCalls,
        readdirCalls: fdAfter.readdirCalls - fdBefore.readdirCalls,
        readlinkCalls: fdAfter.readlinkCalls - fdBefore.readlinkCalls,
      },
    };
    return snapshot;
  }

  /**
   * The TCP tables when the kernel's counters say they may have changed (else the last ones,
   * copied), the UDP tables always. Each table is parsed as soon as it arrives.
   */
  private async readSockets(
    coverage: CoverageWarning[],
    snmp: Promise<string>,
    tick: { tablesRead: boolean; decision: TcpTableDecision },
  ): Promise<ProcNetSocket[]> {
    const now = performance.now();
    const key = await this.tcpActivity(snmp);
    const cached = this.tcpTables;
    const maxAge = this.options.socketTableMaxAgeMs ?? 10_000;
    tick.decision = key === undefined ? 'counters-unreadable'
      : !cached ? 'first-read'
        : cached.awaitingAccept ? 'awaiting-accept'
          : now - cached.readAt >= maxAge ? 'max-age'
            : key !== cached.key ? 'counters-changed'
              : 'unchanged';
    tick.tablesRead = tick.decision !== 'unchanged';
    const files = tick.tablesRead ? PROC_NET_FILES : PROC_NET_FILES.filter(([, protocol]) => protocol === 'udp');
    const tables = await Promise.all(files.map(([path, protocol]) => this.readTable(path, protocol)));
    const sockets: ProcNetSocket[] = [];
    if (tick.tablesRead) {
      const tcp = tables.filter((t) => t.protocol === 'tcp');
      const tcpSockets = tcp.flatMap((t) => t.sockets);
      this.tcpTables = key !== undefined && tcp.every((t) => t.complete)
        ? { key, readAt: now, sockets: tcpSockets, warnings: tcp.flatMap((t) => t.warnings), awaitingAccept: tcpSockets.some(awaitsAccept) }
        : undefined;
    } else if (cached) {
      for (const s of cached.sockets) sockets.push(copySocket(s));
      coverage.push(...cached.warnings);
    }
    for (const table of tables) {
      for (const s of table.sockets) sockets.push(s);
      coverage.push(...table.warnings);
    }
    return sockets;
  }

  private async readTable(path: string, protocol: 'tcp' | 'udp'): Promise<TableRead> {
    let text: string;
    const readAt = Date.now();
    try {
      text = await this.options.fileReader(path);
    } catch (err) {
      // No tcp6/udp6 when IPv6 is disabled: nothing is missing then.
      const absent = errorCode(err) === 'ENOENT' && path.endsWith('6');
      return { protocol, sockets: [], complete: absent, warnings: absent ? [] : [warning('sockets', `cannot read ${path}: ${describeFailure(err)}`)] };
    }
    const { sockets, badLines } = parseProcNet(text, protocol, [], readAt);
    const warnings = badLines > 0 ? [warning('sockets', `${badLines} malformed lines in ${path} skipped`)] : [];
    return { protocol, sockets, complete: true, warnings };
  }

  /** The TCP counters' fingerprint, or undefined when one of their files cannot be read. */
  private async tcpActivity(snmp: Promise<string>): Promise<string | undefined> {
    try {
      const [snmpText, sockstat, sockstat6] = await Promise.all([
        snmp,
        this.options.fileReader('/proc/net/sockstat'),
        this.options.fileReader('/proc/net/sockstat6').catch((err: unknown) => {
          if (errorCode(err) === 'ENOENT') return ''; // no IPv6
          throw err;
        }),
      ]);
      return tcpActivityKey(snmpText, sockstat, sockstat6);
    } catch {
      return undefined;
    }
  }

  /** Maps socket inodes to pids, re-walking suspects when a socket has no known owner. */
  private async attributeSockets(
    sockets: readonly ProcNetSocket[],
    table: ProcessTableData,
    coverage: CoverageWarning[],
    lowLevel: readonly LowLevelSocket[] = [],
  ): Promise<Map<number, number>> {
    const processes = [];
    for (const p of table.processes) if (!table.kernelThreads.has(p.pid)) processes.push({ pid: p.pid, startTime: p.startTime, name: p.name, ppid: p.ppid });
    let owners = await this.fdMap.update(processes);
    const unowned = new Map<number, number>();
    for (const s of sockets) {
      if (s.inode !== 0 && !owners.ownerByInode.has(s.inode)) unowned.set(s.inode, s.uid);
    }
    for (const s of lowLevel) if (s.inode !== 0 && !owners.ownerByInode.has(s.inode)) unowned.set(s.inode, s.uid);
    if (unowned.size > 0) {
      let listed: Set<number> | undefined;
      const before = owners.ownerByInode;
      const resolved = await this.fdMap.resolve(unowned, {
        related: () => relatedOwners(sockets, unowned, before),
        candidatesByUid: (uid) => candidatesByUid(table, uid),
        isListed: (inode) => (listed ??= new Set([...sockets, ...lowLevel].map((s) => s.inode))).has(inode),
      });
      if (resolved) {
        owners = { ...resolved, deniedPids: owners.deniedPids, vanishedPids: owners.vanishedPids };
        for (const inode of [...unowned.keys()]) if (owners.ownerByInode.has(inode)) unowned.delete(inode);
      }
    }
    for (const [pid, stdio] of owners.stdioByPid) {
      const info = table.byPid.get(pid);
      if (info && stdio.some((inode) => inode !== undefined)) info.stdioSocketInodes = [...stdio];
    }
    await this.countSocketsOpened(table);
    const me = this.options.uid ?? process.getuid?.();
    coverage.push(...ownerCoverage(unowned, owners.deniedPids, me));
    if (this.options.ioGraph !== false && owners.deniedPids > 0) coverage.push(ioGraphCoverage(owners.deniedPids, me));
    return owners.ownerByInode;
  }

  /**
   * ProcessInfo.socketsOpened: the IP (not Unix) sockets each process of our network namespace
   * opened since the last tick. A spawner's child stdio are Unix socketpairs, which /proc/net/unix
   * (read only on ticks where some process opened sockets) tells apart; a process in another
   * network namespace cannot be behind this namespace's connections; our own churn never counts.
   */
  private async countSocketsOpened(table: ProcessTableData): Promise<void> {
    const opened = this.fdMap.socketsOpened();
    if (opened.size === 0) return;
    const netns = (pid: number | 'self'): Promise<string | undefined> => this.options.procFs.readlink(`/proc/${pid}/ns/net`).catch(() => undefined);
    const [own, unix] = await Promise.all([
      netns('self'),
      this.options.fileReader('/proc/net/unix').then(parseUnixInodes, () => new Set<number>()),
    ]);
    for (const [pid, inodes] of opened) {
      const info = pid === process.pid ? undefined : table.byPid.get(pid);
      if (!info) continue;
      let count = 0;
      for (const inode of inodes) if (!unix.has(inode)) count++;
      if (count > 0 && (own === undefined || (await netns(pid)) === own)) info.socketsOpened = count;
    }
  }

  /** The I/O graph, rebuilt only when the fd walk changed a table. */
  private ioChannels(sockets: readonly ProcNetSocket[]): IoChannel[] {
    const tables = this.fdMap.fdTables();
    if (this.lastIoGraph?.tables === tables) return this.lastIoGraph.channels;
    let ipInodes: Set<number> | undefined;
    const channels = buildIoChannels(tables, (inode) => (ipInodes ??= new Set(sockets.map((s) => s.inode))).has(inode));
    this.lastIoGraph = { tables, channels, orphanStdin: orphanStdinPipes(tables) };
    return channels;
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

  private async readSnmp(coverage: CoverageWarning[], snmp: Promise<string>): Promise<KernelCounters | undefined> {
    const counters = parseSnmp(await snmp);
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

  private async readTcpInfo(
    sockets: readonly ProcNetSocket[],
    coverage: CoverageWarning[],
    tablesRead: boolean,
  ): Promise<Map<string, TcpBytes> | undefined> {
    if (this.options.tcpInfo === false) return undefined;
    // `ss` costs a process and a kernel walk over every socket: skip it when nothing could use it.
    if (!sockets.some(leavesHost)) return new Map();
    if (!tablesRead && this.lastTcpBytes) return this.lastTcpBytes;
    this.lastTcpBytes = undefined;
    const output = await this.tools.run('ss', SS_TCP_INFO_ARGS);
    if (typeof output !== 'string') {
      coverage.push(
        warning('tcp-info', `per-connection byte counts unavailable: \`ss\` ${describeFailure(output.error)}`, 'install iproute2'),
      );
      return undefined;
    }
    const { bytes, badLines } = parseSsTcpInfo(output);
    if (badLines > 0) coverage.push(warning('tcp-info', `${badLines} malformed lines in \`ss\` output skipped`));
    else this.lastTcpBytes = bytes;
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
      warning('sockets', `owner unknown for ${plural(ofOthers, 'socket')} of other users; run elevated for full attribution`, ELEVATED_RUN_HINT),
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

/** Pipes and ptys of processes whose fds we may not read: shells behind them cannot be traced. */
export function ioGraphCoverage(deniedPids: number, me: number | undefined): CoverageWarning {
  return warning(
    'io-graph',
    `pipes and terminals of ${plural(deniedPids, 'process', 'processes')} unreadable: a shell relayed through them is not seen`,
    me === 0 ? 'protected processes (not dumpable, or in another namespace) hide their descriptors even from root' : `other users’ pipes and terminals are hidden; ${ELEVATED_RUN_HINT}`,
  );
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

// One HostSnapshot per call on Linux, straight from /proc plus `ip neigh` and `ss`.
import os from 'node:os';
import type { ArpEntry, CoverageWarning, Gateway, HostSnapshot, IoChannel, KernelCounters, LowLevelSocket, ProcessInfo } from '../../../src-shared/model';
import { interfaceAddresses } from '../addresses';
import { assembleSockets, type RawSocket } from '../connections';
import { withGatewayMac } from '../gateway';
import { guardInto, type Guard } from '../source';
import { ToolRunner } from '../tool-runner';
import type { Collector } from '../types';
import { fullCollectStats, quietCollectStats, type CollectStats } from './collect-stats';
import type { LinuxCollectorOptions } from './collector-options';
import { FdMapCache } from './fd-map';
import { readGateway, readKernelCounters, readNetDev, readResolvers, SystemReader, systemMetrics, type SystemLoad } from './host-readers';
import { buildIoChannels, orphanStdinPipes, type FdTable } from './io-graph';
import { lowLevelCoverage, readLowLevelSockets, withOwners } from './low-level-read';
import { LowLevelWatch, YOUNG_PROCESS_MS } from './low-level-watch';
import { NeighbourReader } from './neighbours';
import { withRates, type RawInterfaceCounters } from './netdev';
import { ProcessTable, type ProcessTableData } from './processes';
import { ACTIVITY_FILES, activityMarks, canStandAgain, QuietGate, quietSnapshot } from './quiet-ticks';
import type { ProcNetSocket } from './proc-net';
import { attributeSockets, type AttributionContext } from './socket-owners';
import { SocketTables, type TableTick } from './socket-tables';
import { TcpBytesReader } from './tcp-bytes';
import type { TcpBytes } from './tcp-info';

export type { TcpTableDecision } from './socket-tables';
export type { CollectStats } from './collect-stats';
export type { LinuxCollectorOptions } from './collector-options';

export class LinuxCollector implements Collector {
  private readonly processTable: ProcessTable;
  private readonly fdMap: FdMapCache;
  private readonly system: SystemReader;
  private previousNetDev: { at: number; counters: RawInterfaceCounters[] } | undefined;
  private readonly tools: ToolRunner;
  private readonly neighbours: NeighbourReader;
  private readonly socketTables: SocketTables;
  private readonly tcpBytes: TcpBytesReader;
  private stats: CollectStats | undefined;
  private lastIoGraph: { tables: readonly FdTable[]; channels: IoChannel[]; orphanStdin: number[] } | undefined;
  private readonly quietGate: QuietGate;
  private lastFull: HostSnapshot | undefined;
  private readonly lowLevelWatch: LowLevelWatch | undefined;
  private listed: { at: number; byPid: ReadonlyMap<number, ProcessInfo> } = { at: 0, byPid: new Map() };

  constructor(private readonly options: LinuxCollectorOptions) {
    this.processTable = new ProcessTable(options.fileReader, options.procFs, {
      ...(options.redactSecrets !== undefined ? { redactSecrets: options.redactSecrets } : {}),
    });
    this.tools = new ToolRunner(options.commandRunner);
    this.neighbours = new NeighbourReader(options.fileReader, this.tools);
    this.fdMap = new FdMapCache(options.procFs, {
      refreshEveryTicks: options.fdRefreshTicks ?? 60,
      ioLinks: options.ioGraph !== false,
      ...(options.fdChurnRereads === false ? { maxHotPids: 0 } : {}),
    });
    this.system = new SystemReader(options.fileReader);
    this.socketTables = new SocketTables(options.fileReader, options.socketTableMaxAgeMs ?? 10_000);
    this.tcpBytes = new TcpBytesReader(this.tools);
    this.quietGate = new QuietGate(options.maxQuietMs ?? 30_000);
    const watchMs = options.lowLevelSockets === false ? 0 : (options.lowLevelWatchMs ?? 500);
    this.lowLevelWatch =
      watchMs > 0
        ? new LowLevelWatch(
            {
              read: options.fileReader,
              fs: options.procFs,
              describe: (pid) => this.processTable.describe(pid),
              glance: (pid) => this.processTable.glance(pid),
              isOld: (pid) => this.isOldProcess(pid),
              ownPrograms: () => this.tools.started,
            },
            watchMs,
          )
        : undefined;
  }

  /** Listed by the last full collection and started well before it (the low-level watch searches the others). */
  private isOldProcess(pid: number): boolean {
    const startTime = this.listed.byPid.get(pid)?.startTime;
    return startTime !== undefined && startTime < this.listed.at - YOUNG_PROCESS_MS;
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
    this.lowLevelWatch?.tick();
    const activity = await this.readActivity();
    const previous = this.lastFull;
    if (previous && this.quietGate.isQuiet(activity.marks, time) && !this.lowLevelWatch?.hasSightings()) return this.quietTick(previous, time, activity);
    const snapshot = await this.collectAll(time, activity);
    this.quietGate.collected(canStandAgain(snapshot) ? activity.marks : undefined, time);
    this.lastFull = snapshot;
    return snapshot;
  }

  /** /proc/stat and the activity files, read before anything else; a file that fails is undefined. */
  private async readActivity(): Promise<Activity> {
    const read = (path: string): Promise<string | undefined> => this.options.fileReader(path).catch(() => undefined);
    const [procStat, ...texts] = await Promise.all([read('/proc/stat'), ...ACTIVITY_FILES.map(read)]);
    const marks = procStat === undefined || this.options.maxQuietMs === 0 ? undefined : activityMarks(procStat, texts, this.tools.started);
    const text = (file: (typeof ACTIVITY_FILES)[number]): string | undefined => texts[ACTIVITY_FILES.indexOf(file)];
    return {
      procStat,
      snmp: text('/proc/net/snmp'),
      sockstat: text('/proc/net/sockstat'),
      sockstat6: text('/proc/net/sockstat6'),
      arp: text('/proc/net/arp'),
      marks,
    };
  }

  private async quietTick(previous: HostSnapshot, time: number, activity: Activity): Promise<HostSnapshot> {
    this.tools.nextTick();
    const coverage: CoverageWarning[] = [];
    const guard = guardInto(coverage, 'collection failed');
    const [system, netdev] = await Promise.all([
      this.system.load(coverage, activity.procStat),
      guard('interfaces', [] as RawInterfaceCounters[], () => readNetDev(this.options.fileReader, coverage)),
    ]);
    const interfaces = this.interfaceRates(netdev, time);
    this.stats = quietCollectStats(this.stats);
    // The kernel counters are part of the marks, so the previous snapshot's still hold.
    return quietSnapshot(previous, { time, system: systemMetrics(system, interfaces), interfaces, coverage });
  }

  private interfaceRates(netdev: RawInterfaceCounters[], time: number): HostSnapshot['interfaces'] {
    const interfaces = withRates(netdev, this.previousNetDev?.counters, this.previousNetDev ? time - this.previousNetDev.at : 0);
    this.previousNetDev = { at: time, counters: netdev };
    return interfaces;
  }

  private async collectAll(time: number, activity: Activity): Promise<HostSnapshot> {
    this.tools.nextTick();
    const fdBefore = { ...this.fdMap.stats };
    const coverage: CoverageWarning[] = [];
    const run: FullTick = { time, tables: { tablesRead: true, decision: 'first-read' }, coverage, guard: guardInto(coverage, 'collection failed') };
    const read = await this.readSources(run, activity);
    const owners = await this.attributeOwners(run, read);
    if (read.table.byPid.size > 0) this.listed = { at: time, byPid: read.table.byPid };
    const net = await this.connectionsOf(run, read, owners);
    const snapshot = await this.assembleSnapshot(run, read, owners, net);
    this.stats = fullCollectStats(run.tables, read.sockets, fdBefore, this.fdMap.stats);
    return snapshot;
  }

  /** Every source of a full tick, read together; the TCP tables after /proc/net/snmp. */
  private async readSources({ tables, coverage, guard }: FullTick, activity: Activity): Promise<TickSources> {
    // Read first: the TCP tables are reused only if nothing moved since before their last read.
    const snmp = activity.snmp !== undefined ? Promise.resolve(activity.snmp) : (async () => this.options.fileReader('/proc/net/snmp'))();
    snmp.catch(() => undefined); // reported by readKernelCounters(); the socket tables are then read
    const emptyTable: ProcessTableData = { processes: [], byPid: new Map(), uidsByPid: new Map(), kernelThreads: new Set() };
    const [table, sockets, neighbours, gateway, dnsResolvers, netdev, kernel, system, lowLevel] = await Promise.all([
      guard('processes', emptyTable, async () => {
        const result = await this.processTable.update();
        coverage.push(...result.coverage);
        return result.data;
      }),
      guard('sockets', [] as ProcNetSocket[], () =>
        this.socketTables.sockets(coverage, { snmp, sockstat: activity.sockstat, sockstat6: activity.sockstat6 }, tables),
      ),
      guard('arp', [] as ArpEntry[], () => this.neighbours.collect(coverage, { arpText: activity.arp, snmpText: activity.snmp })),
      guard('gateway', undefined as Gateway | undefined, () => readGateway(this.options.fileReader, this.tools, coverage)),
      guard('dns', [] as string[], () => readResolvers(this.options.fileReader, coverage)),
      guard('interfaces', [] as RawInterfaceCounters[], () => readNetDev(this.options.fileReader, coverage)),
      guard('kernel', undefined as KernelCounters | undefined, () => readKernelCounters(snmp, coverage)),
      guard('system', { cpu: 0, mem: undefined } as SystemLoad, () => this.system.load(coverage, activity.procStat)),
      guard('low-level-sockets', undefined as LowLevelSocket[] | undefined, () =>
        this.options.lowLevelSockets === false ? Promise.resolve(undefined) : readLowLevelSockets(this.options.fileReader, coverage),
      ),
    ]);
    return { table, sockets, neighbours, gateway, dnsResolvers, netdev, kernel, system, lowLevel };
  }

  /** Each socket's owning pid (and the sockets opened too late for the tables), with the per-connection byte counters. */
  private async attributeOwners({ tables, coverage, guard }: FullTick, read: TickSources): Promise<SocketOwners> {
    const late = new Set<number>();
    const [ownerOf, tcpBytes] = await Promise.all([
      guard('sockets', new Map<number, number>(), () => attributeSockets(this.attribution(), read.sockets, read.table, coverage, read.lowLevel, late)),
      guard('tcp-info', undefined as Map<string, TcpBytes> | undefined, () =>
        this.options.tcpInfo === false ? Promise.resolve(undefined) : this.tcpBytes.read(read.sockets, coverage, tables.tablesRead),
      ),
    ]);
    return { ownerOf, tcpBytes, late };
  }

  /** Connections and listeners, the late sockets read after attribution included. */
  private async connectionsOf({ guard }: FullTick, read: TickSources, owners: SocketOwners): Promise<HostConnections> {
    const localAddresses = await guard('addresses', [], async () => interfaceAddresses(os.networkInterfaces()));
    const ownAddresses = new Set(localAddresses.map((a) => a.address));
    const lateSockets = await guard('sockets', [] as ProcNetSocket[], () => this.socketTables.lateSockets(owners.late));
    const { ownerOf, tcpBytes } = owners;
    const { connections, listening } = assembleSockets({
      sockets: lateSockets.length > 0 ? [...read.sockets, ...lateSockets] : read.sockets,
      ownAddresses,
      ownerOf: (s: RawSocket) => (s.inode > 0 ? ownerOf.get(s.inode) : undefined),
      processes: read.table.byPid,
      ...(tcpBytes ? { tcpBytes } : {}),
    });
    return { localAddresses, connections, listening };
  }

  /** The snapshot of a full tick, with the I/O graph and the low-level sockets when they are on. */
  private async assembleSnapshot({ time, coverage, guard }: FullTick, read: TickSources, owners: SocketOwners, net: HostConnections): Promise<HostSnapshot> {
    const { table, neighbours } = read;
    const interfaces = this.interfaceRates(read.netdev, time);
    const snapshot: HostSnapshot = {
      time,
      hostname: os.hostname(),
      platform: 'linux',
      connections: net.connections,
      listening: net.listening,
      processes: table.processes,
      arp: neighbours,
      unresolvedNeighbours: this.neighbours.unresolved,
      dnsResolvers: read.dnsResolvers,
      localAddresses: net.localAddresses,
      interfaces,
      system: systemMetrics(read.system, interfaces),
      coverage,
    };
    const gatewayWithMac = withGatewayMac(read.gateway, neighbours);
    if (gatewayWithMac) snapshot.gateway = gatewayWithMac;
    if (this.options.ioGraph !== false) {
      snapshot.ioChannels = await guard('io-graph', [], async () => this.ioChannels(read.sockets));
      for (const pid of this.lastIoGraph?.orphanStdin ?? []) {
        const info = table.byPid.get(pid);
        if (info) info.stdinWriterGone = true;
      }
    }
    if (read.kernel) snapshot.kernel = read.kernel;
    if (read.lowLevel) {
      const owned = withOwners(read.lowLevel, owners.ownerOf, table);
      snapshot.lowLevelSockets = this.lowLevelWatch ? this.lowLevelWatch.merge(owned) : owned;
      const transients = this.lowLevelWatch?.takeTransients() ?? [];
      if (transients.length > 0) snapshot.transientProcesses = transients;
      coverage.push(...lowLevelCoverage(snapshot.lowLevelSockets, this.options.uid ?? process.getuid?.()));
    }
    return snapshot;
  }

  private attribution(): AttributionContext {
    const { fileReader, procFs, ioGraph } = this.options;
    return { fdMap: this.fdMap, fileReader, procFs, uid: this.options.uid ?? process.getuid?.(), ioGraph: ioGraph !== false };
  }

  /** The I/O graph, rebuilt only when the fd walk changed a table. */
  private ioChannels(sockets: readonly ProcNetSocket[]): IoChannel[] {
    const tables = this.fdMap.fdTables();
    if (this.lastIoGraph?.tables === tables) return this.lastIoGraph.channels;
    let ipInodes: Set<number> | undefined;
    const isIpSocket = (inode: number): boolean => {
      if (!ipInodes) {
        ipInodes = new Set();
        for (const s of sockets) if (s.inode > 0) ipInodes.add(s.inode);
      }
      return ipInodes.has(inode);
    };
    const channels = buildIoChannels(tables, isIpSocket);
    this.lastIoGraph = { tables, channels, orphanStdin: orphanStdinPipes(tables) };
    return channels;
  }
}

interface Activity {
  procStat: string | undefined;
  snmp: string | undefined;
  sockstat: string | undefined;
  sockstat6: string | undefined;
  arp: string | undefined;
  /** Undefined when unreadable or quiet ticks are off: the tick is then a full one. */
  marks: string | undefined;
}

/** One full collection's shared state: its time, how the TCP tables were decided, and its warnings. */
interface FullTick {
  time: number;
  /** Filled in by the socket tables' read. */
  tables: TableTick;
  coverage: CoverageWarning[];
  guard: Guard;
}

/** What a full tick read, each source's fallback standing in for a failed read. */
interface TickSources {
  table: ProcessTableData;
  sockets: ProcNetSocket[];
  neighbours: ArpEntry[];
  gateway: Gateway | undefined;
  dnsResolvers: string[];
  netdev: RawInterfaceCounters[];
  kernel: KernelCounters | undefined;
  system: SystemLoad;
  lowLevel: LowLevelSocket[] | undefined;
}

interface SocketOwners {
  /** Socket inode → owning pid. */
  ownerOf: Map<number, number>;
  tcpBytes: Map<string, TcpBytes> | undefined;
  /** Inodes of sockets processes opened that the tables did not list yet. */
  late: Set<number>;
}

type HostConnections = Pick<HostSnapshot, 'connections' | 'listening' | 'localAddresses'>;

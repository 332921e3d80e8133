// One HostSnapshot per call on Linux, straight from /proc plus `ip neigh` and `ss`.
import os from 'node:os';
import type { ProcessTextOptions } from '../process-text';
import type { ArpEntry, CoverageWarning, Gateway, HostSnapshot, IoChannel, KernelCounters, LowLevelSocket, ProcessInfo } from '../../../src-shared/model';
import { interfaceAddresses } from '../addresses';
import { assembleSockets, type RawSocket } from '../connections';
import { withGatewayMac } from '../gateway';
import type { ProcFs } from '../io';
import { describeFailure, warning } from '../source';
import { ToolRunner } from '../tool-runner';
import type { Collector, CommandRunner, FileReader } from '../types';
import { FdMapCache } from './fd-map';
import type { FdWalkStats } from './fd-walk';
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
import { SocketTables, type TableTick, type TcpTableDecision } from './socket-tables';
import { TcpBytesReader } from './tcp-bytes';
import type { TcpBytes } from './tcp-info';

export type { TcpTableDecision } from './socket-tables';

export interface LinuxCollectorOptions extends ProcessTextOptions {
  fileReader: FileReader;
  commandRunner: CommandRunner;
  procFs: ProcFs;
  /** Full re-walk of each process's fds at least this often (ticks). */
  /** Re-read socket-churning processes' socket fds every tick (default true). */
  fdChurnRereads?: boolean;
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
  /**
   * When no fork, socket or neighbour change happened since the last full collection (quiet-ticks.ts),
   * a tick reuses it for up to this long (ms; default 30,000; 0 collects everything every tick).
   */
  maxQuietMs?: number;
  /** How often the low-level watch looks between ticks (low-level-watch.ts; default 500 ms, 0 = off). */
  lowLevelWatchMs?: number;
}

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
            { read: options.fileReader, fs: options.procFs, describe: (pid) => this.processTable.describe(pid), isOld: (pid) => this.isOldProcess(pid) },
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
    return { procStat, snmp: texts[ACTIVITY_FILES.indexOf('/proc/net/snmp')], arp: texts[ACTIVITY_FILES.indexOf('/proc/net/arp')], marks };
  }

  private async quietTick(previous: HostSnapshot, time: number, activity: Activity): Promise<HostSnapshot> {
    this.tools.nextTick();
    const coverage: CoverageWarning[] = [];
    const [system, netdev] = await Promise.all([
      this.system.load(coverage, activity.procStat),
      readNetDev(this.options.fileReader, coverage).catch((err: unknown) => {
        coverage.push(warning('interfaces', `collection failed: ${describeFailure(err)}`));
        return [] as RawInterfaceCounters[];
      }),
    ]);
    const interfaces = this.interfaceRates(netdev, time);
    this.stats = {
      ...(this.stats ?? { tcpSockets: 0, udpSockets: 0 }),
      tablesRead: false,
      decision: 'quiet',
      fdWalk: { statCalls: 0, readdirCalls: 0, readlinkCalls: 0 },
    };
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
    const tick: TableTick = { tablesRead: true, decision: 'first-read' };
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
    const snmp = activity.snmp !== undefined ? Promise.resolve(activity.snmp) : (async () => this.options.fileReader('/proc/net/snmp'))();
    snmp.catch(() => undefined); // reported by readKernelCounters(); the socket tables are then read
    const emptyTable: ProcessTableData = { processes: [], byPid: new Map(), uidsByPid: new Map(), kernelThreads: new Set() };
    const [table, sockets, neighbours, gateway, dnsResolvers, netdev, kernel, system, lowLevel] = await Promise.all([
      guard('processes', emptyTable, async () => {
        const result = await this.processTable.update();
        coverage.push(...result.coverage);
        return result.data;
      }),
      guard('sockets', [] as ProcNetSocket[], () => this.socketTables.sockets(coverage, snmp, tick)),
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
    const late = new Set<number>();
    const [ownerOf, tcpBytes] = await Promise.all([
      guard('sockets', new Map<number, number>(), () => attributeSockets(this.attribution(), sockets, table, coverage, lowLevel, late)),
      guard('tcp-info', undefined as Map<string, TcpBytes> | undefined, () =>
        this.options.tcpInfo === false ? Promise.resolve(undefined) : this.tcpBytes.read(sockets, coverage, tick.tablesRead),
      ),
    ]);
    if (table.byPid.size > 0) this.listed = { at: time, byPid: table.byPid };
    const localAddresses = await guard('addresses', [], async () => interfaceAddresses(os.networkInterfaces()));
    const ownAddresses = new Set(localAddresses.map((a) => a.address));
    const lateSockets = await guard('sockets', [] as ProcNetSocket[], () => this.socketTables.lateSockets(late));
    const { connections, listening } = assembleSockets({
      sockets: lateSockets.length > 0 ? [...sockets, ...lateSockets] : sockets,
      ownAddresses,
      ownerOf: (s: RawSocket) => (s.inode > 0 ? ownerOf.get(s.inode) : undefined),
      processes: table.byPid,
      ...(tcpBytes ? { tcpBytes } : {}),
    });
    const interfaces = this.interfaceRates(netdev, time);
    const snapshot: HostSnapshot = {
      time,
      hostname: os.hostname(),
      platform: 'linux',
      connections,
      listening,
      processes: table.processes,
      arp: neighbours,
      unresolvedNeighbours: this.neighbours.unresolved,
      dnsResolvers,
      localAddresses,
      interfaces,
      system: systemMetrics(system, interfaces),
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
      const owned = withOwners(lowLevel, ownerOf, table);
      snapshot.lowLevelSockets = this.lowLevelWatch ? this.lowLevelWatch.merge(owned) : owned;
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
  arp: string | undefined;
  /** Undefined when unreadable or quiet ticks are off: the tick is then a full one. */
  marks: string | undefined;
}

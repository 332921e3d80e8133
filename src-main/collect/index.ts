// The collectors' entry point: one HostSnapshot per collect(), never a throw.
import os from 'node:os';
import type { CoverageWarning, HostSnapshot } from '../../src-shared/model';
import { nodeProcFs, readTextFile, runCommand, type ProcFs } from './io';
import { LinuxCollector, type CollectStats } from './linux/collector';
import { describeFailure, warning } from './source';
import type { Collector, CommandRunner, FileReader } from './types';
import type { ProcessTextOptions } from './process-text';
import { AUTH_LOG_DEFAULT_PATHS, AuthLogTail } from './auth-log';

export type { Collector, CommandRunner, FileReader } from './types';
export type { CollectStats, TcpTableDecision } from './linux/collector';

export interface CollectorOptions extends ProcessTextOptions {
  fileReader?: FileReader;
  commandRunner?: CommandRunner;
  platform?: NodeJS.Platform;
  /** Directory and link access for the Linux fd walk. */
  procFs?: ProcFs;
  /** Linux: full re-walk of each process's fds at least every this many ticks (default 60). */
  fdRefreshTicks?: number;
  /** Linux: per-connection byte counters through `ss` (default true). */
  tcpInfo?: boolean;
  /** Linux: re-read the TCP tables at least this often even when the kernel's counters did not move (ms, default 10,000; 0 = every tick). */
  socketTableMaxAgeMs?: number;
  /** Linux: read the raw, ping and packet socket tables (default true). */
  lowLevelSockets?: boolean;
  /** Linux: the I/O graph of pipes, FIFOs, ptys and socketpairs between processes (default true). */
  ioGraph?: boolean;
  /** Linux: re-read socket-churning processes' socket fds every tick (default true; false only to measure what it costs). */
  fdChurnRereads?: boolean;
  /** Auth logs to follow besides the usual ones (/var/log/auth.log, /var/log/secure on Linux). */
  authLogs?: readonly string[];
}

export interface HostCollector extends Collector {
  /** Linux: what the last collect() read (undefined on other platforms and before the first collect). */
  lastCollectStats(): CollectStats | undefined;
}

export function createCollector(options: CollectorOptions = {}): HostCollector {
  const platform = options.platform ?? process.platform;
  const fileReader = options.fileReader ?? readTextFile;
  const commandRunner = options.commandRunner ?? runCommand;
  const linux =
    platform === 'linux'
      ? new LinuxCollector({
          fileReader,
          commandRunner,
          procFs: options.procFs ?? nodeProcFs,
          ...(options.fdRefreshTicks !== undefined ? { fdRefreshTicks: options.fdRefreshTicks } : {}),
          ...(options.tcpInfo !== undefined ? { tcpInfo: options.tcpInfo } : {}),
          ...(options.socketTableMaxAgeMs !== undefined ? { socketTableMaxAgeMs: options.socketTableMaxAgeMs } : {}),
          ...(options.lowLevelSockets !== undefined ? { lowLevelSockets: options.lowLevelSockets } : {}),
          ...(options.ioGraph !== undefined ? { ioGraph: options.ioGraph } : {}),
          ...(options.fdChurnRereads !== undefined ? { fdChurnRereads: options.fdChurnRereads } : {}),
          ...(options.redactSecrets !== undefined ? { redactSecrets: options.redactSecrets } : {}),
        })
      : undefined;
  // systeminformation (and the code around it) loads only where it is used: macOS and Windows.
  let portable: Promise<Collector> | undefined;
  const inner = (): Promise<Collector> | Collector =>
    linux ?? (portable ??= import('./portable').then(({ PortableCollector }) => new PortableCollector(platform, fileReader, commandRunner, options)));
  const onLinux = platform === 'linux';
  const authLog = new AuthLogTail(options.authLogs ?? [], onLinux ? AUTH_LOG_DEFAULT_PATHS : [], Date.now, { follow: onLinux });
  return {
    async collect() {
      try {
        const snapshot = await (await inner()).collect();
        // A new snapshot: the Linux collector keeps the one it returned to stand for quiet ticks.
        const coverage: CoverageWarning[] = [];
        const logins = await authLog.read(coverage).catch((error: unknown) => {
          coverage.push({ source: 'auth-log', message: `reading the auth logs failed: ${describeFailure(error)}` });
          return undefined;
        });
        if (logins === undefined && coverage.length === 0) return snapshot;
        return { ...snapshot, coverage: [...snapshot.coverage, ...coverage], ...(logins && { loginEvents: logins }) };
      } catch (err) {
        return emptySnapshot(platform, `collection failed: ${describeFailure(err)}`);
      }
    },
    lastCollectStats: () => linux?.lastCollectStats(),
    close: () => authLog.close(),
  };
}

function emptySnapshot(platform: string, message: string): HostSnapshot {
  return {
    time: Date.now(),
    hostname: os.hostname(),
    platform,
    connections: [],
    listening: [],
    processes: [],
    arp: [],
    dnsResolvers: [],
    localAddresses: [],
    interfaces: [],
    system: { cpuPercent: 0, memUsedBytes: 0, memTotalBytes: 0, netRxRate: 0, netTxRate: 0, netErrors: 0, netDrops: 0 },
    coverage: [warning('collector', message)],
  };
}

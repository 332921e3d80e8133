// The collectors' entry point: one HostSnapshot per collect(), never a throw.
import os from 'node:os';
import type { HostSnapshot } from '../../src-shared/model';
import { nodeProcFs, readTextFile, runCommand, type ProcFs } from './io';
import { LinuxCollector } from './linux/collector';
import { PortableCollector } from './portable';
import { describeFailure, warning } from './source';
import type { Collector, CommandRunner, FileReader } from './types';

export type { Collector, CommandRunner, FileReader } from './types';

export interface CollectorOptions {
  fileReader?: FileReader;
  commandRunner?: CommandRunner;
  platform?: NodeJS.Platform;
  /** Directory and link access for the Linux fd walk. */
  procFs?: ProcFs;
  /** Linux: full re-walk of each process's fds at least every this many ticks (default 60). */
  fdRefreshTicks?: number;
  /** Linux: per-connection byte counters through `ss` (default true). */
  tcpInfo?: boolean;
}

export function createCollector(options: CollectorOptions = {}): Collector {
  const platform = options.platform ?? process.platform;
  const fileReader = options.fileReader ?? readTextFile;
  const commandRunner = options.commandRunner ?? runCommand;
  const inner: Collector =
    platform === 'linux'
      ? new LinuxCollector({
          fileReader,
          commandRunner,
          procFs: options.procFs ?? nodeProcFs,
          ...(options.fdRefreshTicks !== undefined ? { fdRefreshTicks: options.fdRefreshTicks } : {}),
          ...(options.tcpInfo !== undefined ? { tcpInfo: options.tcpInfo } : {}),
        })
      : new PortableCollector(platform, fileReader, commandRunner);
  return {
    async collect() {
      try {
        return await inner.collect();
      } catch (err) {
        return emptySnapshot(platform, `collection failed: ${describeFailure(err)}`);
      }
    },
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

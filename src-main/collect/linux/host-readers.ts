// The small per-tick readers of host-wide facts: default gateway, DNS resolvers, interface
// counters, kernel TCP counters, CPU and memory.
import os from 'node:os';
import type { CoverageWarning, Gateway, HostSnapshot, KernelCounters } from '../../../src-shared/model';
import { parseResolvConf, SYSTEMD_RESOLVED_UPSTREAM, usesResolvedStub } from '../dns';
import { parseIpRouteDefault, parseProcNetRoute } from '../gateway';
import { describeFailure, warning } from '../source';
import type { ToolRunner } from '../tool-runner';
import type { FileReader } from '../types';
import { parseNetDev, type RawInterfaceCounters } from './netdev';
import { parseSnmp } from './snmp';
import { cpuPercent, parseCpuTimes, parseMeminfo, type CpuTimes } from './system';

export async function readGateway(read: FileReader, tools: ToolRunner, coverage: CoverageWarning[]): Promise<Gateway | undefined> {
  try {
    const gateway = parseProcNetRoute(await read('/proc/net/route'));
    if (gateway) return gateway;
  } catch {
    // fall through to `ip route`
  }
  const output = await tools.run('ip', ['route', 'show', 'default']);
  if (typeof output === 'string') return parseIpRouteDefault(output);
  coverage.push(warning('gateway', `default gateway unknown: \`ip route\` ${describeFailure(output.error)}`, 'install iproute2'));
  return undefined;
}

export async function readResolvers(read: FileReader, coverage: CoverageWarning[]): Promise<string[]> {
  let servers: string[];
  try {
    servers = parseResolvConf(await read('/etc/resolv.conf'));
  } catch (err) {
    coverage.push(warning('dns', `cannot read /etc/resolv.conf: ${describeFailure(err)}`));
    return [];
  }
  if (!usesResolvedStub(servers)) return servers;
  try {
    const upstream = parseResolvConf(await read(SYSTEMD_RESOLVED_UPSTREAM));
    if (upstream.length > 0) return upstream;
  } catch (err) {
    coverage.push(warning('dns', `systemd-resolved stub in use but ${SYSTEMD_RESOLVED_UPSTREAM} unreadable: ${describeFailure(err)}`));
  }
  return servers;
}

export async function readNetDev(read: FileReader, coverage: CoverageWarning[]): Promise<RawInterfaceCounters[]> {
  const { interfaces, badLines } = parseNetDev(await read('/proc/net/dev'));
  if (badLines > 0) coverage.push(warning('interfaces', `${badLines} malformed lines in /proc/net/dev skipped`));
  return interfaces;
}

export async function readKernelCounters(snmp: Promise<string>, coverage: CoverageWarning[]): Promise<KernelCounters | undefined> {
  const counters = parseSnmp(await snmp);
  if (!counters) coverage.push(warning('kernel', '/proc/net/snmp has no Tcp section'));
  return counters;
}

export interface SystemLoad {
  cpu: number;
  mem: ReturnType<typeof parseMeminfo>;
}

/** CPU use since the previous call (from /proc/stat) and memory use. */
export class SystemReader {
  private previousCpu: CpuTimes | undefined;

  constructor(private readonly read: FileReader) {}

  /** `procStat`: /proc/stat when the caller read it already this tick. */
  async load(coverage: CoverageWarning[], procStat?: string): Promise<SystemLoad> {
    const [stat, meminfo] = await Promise.allSettled([procStat ?? this.read('/proc/stat'), this.read('/proc/meminfo')]);
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
}

/** The snapshot's system facts: this tick's load, memory and load average, and the interfaces' totals. */
export function systemMetrics(system: SystemLoad, interfaces: HostSnapshot['interfaces']): HostSnapshot['system'] {
  return {
    cpuPercent: system.cpu,
    memUsedBytes: system.mem?.usedBytes ?? 0,
    memTotalBytes: system.mem?.totalBytes ?? 0,
    loadAverage: os.loadavg() as [number, number, number],
    netRxRate: interfaces.reduce((sum, i) => sum + i.rxRate, 0),
    netTxRate: interfaces.reduce((sum, i) => sum + i.txRate, 0),
    netErrors: interfaces.reduce((sum, i) => sum + i.rxErrors + i.txErrors, 0),
    netDrops: interfaces.reduce((sum, i) => sum + i.rxDropped + i.txDropped, 0),
  };
}

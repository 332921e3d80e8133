// The part of a snapshot that goes into batches and reports (no process table).
import type { HostSnapshot, SnapshotView } from '../../src-shared/model';

export function toSnapshotView(snapshot: HostSnapshot): SnapshotView {
  const { time, hostname, platform, connections, listening, arp, gateway, dnsResolvers, localAddresses, interfaces, system, coverage } = snapshot;
  return { time, hostname, platform, connections, listening, arp, gateway, dnsResolvers, localAddresses, interfaces, system, coverage };
}

export function emptySnapshotView(time: number, hostname: string): SnapshotView {
  return {
    time,
    hostname,
    platform: process.platform,
    connections: [],
    listening: [],
    arp: [],
    dnsResolvers: [],
    interfaces: [],
    system: { cpuPercent: 0, memUsedBytes: 0, memTotalBytes: 0, netRxRate: 0, netTxRate: 0, netErrors: 0, netDrops: 0 },
    coverage: [],
  };
}

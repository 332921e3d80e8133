// Builders for the hand-made snapshots of rule and engine tests.
import type { ArpEntry, Connection, Finding, HostSnapshot, KernelCounters, ProcessInfo, ProcessRef, SocketState } from '../../src-shared/model';
import { HomeNet } from '../../src-shared/net';
import { ConnectionTracker } from './connection-tracker';
import type { AnyRule, RuleContext } from './types';

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
export const HOST_IP = '192.168.1.10';
export const GATEWAY_IP = '192.168.1.1';

/** A snapshot of an idle host on 192.168.1.0/24 with resolver and gateway 192.168.1.1. */
export function makeSnapshot(over: Partial<HostSnapshot> = {}): HostSnapshot {
  return {
    time: T0,
    hostname: 'testhost',
    platform: 'linux',
    connections: [],
    listening: [],
    processes: [],
    arp: [],
    gateway: { ip: GATEWAY_IP, iface: 'eth0' },
    dnsResolvers: [GATEWAY_IP],
    localAddresses: [
      { iface: 'lo', address: '127.0.0.1', prefixLength: 8, family: 4 },
      { iface: 'eth0', address: HOST_IP, prefixLength: 24, family: 4 },
    ],
    interfaces: [],
    system: { cpuPercent: 1, memUsedBytes: 1, memTotalBytes: 2, netRxRate: 0, netTxRate: 0, netErrors: 0, netDrops: 0 },
    coverage: [],
    ...over,
  };
}

function splitEndpoint(text: string): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  if (!m) throw new Error(`bad endpoint ${text}`);
  return [m[1] as string, Number(m[2])];
}

/** A stable fake inode per 5-tuple, as the kernel keeps one socket inode for a connection's life. */
function inodeOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 2_000_000_000) + 1;
}

/** A TCP connection from `local` (`ip:port`) to `remote`; ESTABLISHED and outbound unless overridden. */
export function tcp(local: string, remote: string, over: Partial<Connection> = {}): Connection {
  const [localAddress, localPort] = splitEndpoint(local);
  const [remoteAddress, remotePort] = splitEndpoint(remote);
  const state: SocketState = over.state ?? 'ESTABLISHED';
  return {
    protocol: 'tcp',
    family: localAddress.includes(':') ? 6 : 4,
    state,
    localAddress,
    localPort,
    remoteAddress,
    remotePort,
    inode: state === 'TIME_WAIT' ? 0 : inodeOf(`${over.protocol ?? 'tcp'}|${local}|${remote}`),
    direction: 'outbound',
    ...over,
  };
}

export function udp(local: string, remote: string, over: Partial<Connection> = {}): Connection {
  return tcp(local, remote, { protocol: 'udp', state: 'ESTABLISHED', ...over });
}

export function proc(pid: number, name: string, over: Partial<ProcessRef> = {}): ProcessRef {
  return { pid, name, ...over };
}

export function processInfo(pid: number, ppid: number, name: string, over: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid, ppid, name, exe: `/usr/bin/${name}`, cmdline: name, user: 'alice', ...over };
}

export function arp(ip: string, mac: string, over: Partial<ArpEntry> = {}): ArpEntry {
  return { ip, mac, iface: 'eth0', state: 'REACHABLE', ...over };
}

export function kernel(over: Partial<KernelCounters> = {}): KernelCounters {
  return {
    tcpActiveOpens: 0,
    tcpPassiveOpens: 0,
    tcpAttemptFails: 0,
    tcpEstabResets: 0,
    tcpOutRsts: 0,
    tcpInSegs: 0,
    tcpOutSegs: 0,
    icmpOutDestUnreachs: 0,
    icmpInDestUnreachs: 0,
    udpNoPorts: 0,
    udpInDatagrams: 0,
    udpOutDatagrams: 0,
    icmpInMsgs: 0,
    icmpOutMsgs: 0,
    icmpInEchos: 0,
    icmpOutEchos: 0,
    icmpInEchoReps: 0,
    icmpOutEchoReps: 0,
    ...over,
  };
}

/**
 * Runs one rule over a sequence of snapshots as the engine would (shared connection tracker in
 * the context); with `shared: false` the rule tracks new connections itself, as when run alone.
 */
export function runRule(rule: AnyRule, snapshots: HostSnapshot[], homeNetCidrs: string[] = [], shared = true): Finding[][] {
  const state = rule.createState();
  const homeNet = new HomeNet(homeNetCidrs);
  const tracker = new ConnectionTracker();
  return snapshots.map((snapshot) => {
    homeNet.setLocalAddresses(snapshot.localAddresses);
    const context: RuleContext = { homeNet, now: snapshot.time };
    if (shared) context.newConnections = tracker.observe(snapshot.connections, snapshot.time);
    return rule.evaluate(snapshot, state, context);
  });
}

/** Every finding of a run, flattened. */
export function allFindings(rule: AnyRule, snapshots: HostSnapshot[], homeNetCidrs: string[] = []): Finding[] {
  return runRule(rule, snapshots, homeNetCidrs).flat();
}

/** Snapshots every `stepMs` from T0, each built by `build(tickIndex, time)`. */
export function ticks(count: number, stepMs: number, build: (i: number, time: number) => Partial<HostSnapshot>): HostSnapshot[] {
  return Array.from({ length: count }, (_, i) => makeSnapshot({ time: T0 + i * stepMs, ...build(i, T0 + i * stepMs) }));
}

export function severe(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
}

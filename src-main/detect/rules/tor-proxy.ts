import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, Severity } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';
import { normalizeIp, type HomeNet } from '../../../src-shared/net';
import { ConnectionTracker, freshConnections, inboundTest } from '../connection-tracker';
import { cmdlineExcerpt, finding, localEndpoint, processLabel, remoteEndpoint } from '../format';
import { baseName } from '../process-names';
import type { Rule } from '../types';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1090.003; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const MULTI_HOP_PROXY = attackTechnique(
  'T1090.003',
  'Proxy: Multi-hop Proxy',
  ['Command and Control'],
  'Confirm whether Tor use is permitted; if not, stop the process and block known relay addresses and Tor ports.',
);

export interface TorProxyConfig {
  enabled: boolean;
  severity: Severity;
  /** Tor's well-known ports: ORPort, DirPort, SOCKS and control (daemon and Tor Browser). */
  torPorts: Record<number, string>;
  /** Ports whose listener alone proves a Tor client (SOCKS / control); other Tor-port listeners are MEDIUM. */
  clientListenerPorts: number[];
  /** Program names of Tor and its pluggable transports. */
  processNames: string[];
  /** Relay addresses, e.g. `parseTorRelayList(fileText).addresses`; empty unless the user loads a list. */
  relayAddresses: string[];
  /** The loaded list's name, shown in the alert. */
  relayListName: string;
}

export const DEFAULT_TOR_PROXY_CONFIG: TorProxyConfig = {
  enabled: true,
  severity: 'HIGH',
  torPorts: {
    9001: 'Tor ORPort (relay)',
    9030: 'Tor DirPort (directory)',
    9050: 'Tor SOCKS proxy',
    9051: 'Tor control port',
    9150: 'Tor Browser SOCKS proxy',
    9151: 'Tor Browser control port',
  },
  clientListenerPorts: [9050, 9051, 9150, 9151],
  processNames: ['tor', 'obfs4proxy', 'lyrebird', 'snowflake-client', 'meek-client', 'webtunnel-client'],
  relayAddresses: [],
  relayListName: 'the loaded Tor relay list',
};

interface TorProxyState {
  tracker: ConnectionTracker;
  listeners: Set<string>;
  pids: Set<number>;
}

/** The config turned into lookups, once per rule. */
interface TorLookups {
  torPorts: Map<number, string>;
  clientPorts: Set<number>;
  names: Set<string>;
  relays: Set<string>;
  config: TorProxyConfig;
}

/** A new outbound connection to a Tor port, or to an address of the relay list. */
function connectionFindings(c: Connection, homeNet: HomeNet, t: TorLookups, add: (f: Finding) => void): void {
  const portReason = t.torPorts.get(c.remotePort);
  if (!portReason && t.relays.size === 0) return;
  const remote = formatEndpoint(c.remoteAddress, c.remotePort);
  const who = c.process?.name ?? '?';
  const common = { severity: t.config.severity, source: localEndpoint(c), destination: remoteEndpoint(c), process: c.process };
  if (portReason) {
    add(
      finding({
        ...common,
        key: `port|${who}|${remote}`,
        title: `Connection to ${portReason}`,
        description: `${processLabel(c.process)} connected to ${remote}, the ${portReason} port.`,
        evidence: { kind: 'tor-port', port: c.remotePort, reason: portReason, remote, state: c.state, remoteExternal: homeNet.isExternal(c.remoteAddress) },
      }),
    );
  }
  const addr = t.relays.size > 0 ? normalizeIp(c.remoteAddress) : null;
  if (addr && t.relays.has(addr)) {
    add(
      finding({
        ...common,
        key: `relay|${who}|${addr}`,
        title: `Connection to a listed Tor relay ${addr}`,
        description: `${processLabel(c.process)} connected to ${remote}, an address in ${t.config.relayListName}.`,
        evidence: { kind: 'relay-list', list: t.config.relayListName, relay: addr, port: c.remotePort, remote },
      }),
    );
  }
}

/** TCP listeners on a Tor port not seen last tick; `state.listeners` becomes the current set. */
function listenerFindings(snapshot: HostSnapshot, state: TorProxyState, t: TorLookups, add: (f: Finding) => void): void {
  const listeners = new Set<string>();
  for (const l of snapshot.listening) {
    const reason = t.torPorts.get(l.port);
    if (!reason || l.protocol !== 'tcp') continue;
    const key = `listen|${l.port}`;
    listeners.add(key);
    if (state.listeners.has(key)) continue;
    add(
      finding({
        key,
        severity: t.clientPorts.has(l.port) ? t.config.severity : 'MEDIUM',
        title: `Listener on ${reason} port ${l.port}`,
        description: `${processLabel(l.process)} listens on ${formatEndpoint(l.address, l.port)}, the ${reason} port.`,
        destination: { address: l.address, port: l.port },
        process: l.process,
        evidence: { kind: 'tor-listener', port: l.port, reason, listenAddress: l.address },
      }),
    );
  }
  state.listeners = listeners;
}

/** Tor processes not running last tick; `state.pids` becomes the current set. */
function processFindings(snapshot: HostSnapshot, state: TorProxyState, t: TorLookups, add: (f: Finding) => void): void {
  const pids = new Set<number>();
  for (const p of snapshot.processes) {
    if (!t.names.has(baseName(p.name)) && !(p.exe && t.names.has(baseName(p.exe)))) continue;
    pids.add(p.pid);
    if (state.pids.has(p.pid)) continue;
    const ref = toProcessRef(p);
    add(
      finding({
        key: `process|${baseName(p.name)}`,
        severity: t.config.severity,
        title: `Tor process running: ${p.name}`,
        description: `${processLabel(ref)} is running${p.cmdline ? ` (${cmdlineExcerpt(p.cmdline)})` : ''}.`,
        process: ref,
        evidence: { kind: 'tor-process', startTime: p.startTime ? new Date(p.startTime).toISOString() : '' },
      }),
    );
  }
  state.pids = pids;
}

export function torProxyRule(overrides: Partial<TorProxyConfig> = {}): Rule<TorProxyState, TorProxyConfig> {
  const config = { ...DEFAULT_TOR_PROXY_CONFIG, ...overrides };
  const lookups: TorLookups = {
    torPorts: new Map(Object.entries(config.torPorts).map(([p, why]) => [Number(p), why])),
    clientPorts: new Set(config.clientListenerPorts),
    names: new Set(config.processNames.map(baseName)),
    relays: new Set(config.relayAddresses.map((a) => normalizeIp(a)).filter((a): a is string => a !== null)),
    config,
  };
  return {
    id: 'tor-proxy',
    technique: MULTI_HOP_PROXY,
    defaultSeverity: config.severity,
    summary: 'Tor use: sessions to Tor ports (ORPort/DirPort/SOCKS/control), a running tor process, and addresses from a relay list the user loads.',
    readme: {
      needs: ['sockets', 'owners', 'processes', 'lists'],
      detects: 'Tor: relay/SOCKS/control ports, a `tor` process, addresses from a relay list you load',
    },
    config,
    createState: () => ({ tracker: new ConnectionTracker(), listeners: new Set(), pids: new Set() }),
    evaluate(snapshot, state, context) {
      // One finding per key and tick, counting its repeats.
      const findings = new Map<string, Finding>();
      const add = (f: Finding): void => {
        const already = findings.get(f.key);
        if (already) already.occurrences = (already.occurrences ?? 1) + 1;
        else findings.set(f.key, { ...f, occurrences: 1 });
      };
      const isServerSide = inboundTest(snapshot);
      for (const c of freshConnections(snapshot, state.tracker, context)) if (!isServerSide(c)) connectionFindings(c, context.homeNet, lookups, add);
      listenerFindings(snapshot, state, lookups, add);
      processFindings(snapshot, state, lookups, add);
      return [...findings.values()];
    },
  };
}

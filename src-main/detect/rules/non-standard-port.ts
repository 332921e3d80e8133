import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, Severity } from '../../../src-shared/model';
import type { HomeNet } from '../../../src-shared/net';
import { ConnectionTracker, freshConnections, hasPeer, inboundTest } from '../connection-tracker';
import { finding, localEndpoint, processLabel, remoteEndpoint } from '../format';
import type { Rule } from '../types';
import { KNOWN_BAD_PORTS, portReasonMap, type PortReason } from '../../../src-shared/ports';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1571; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const NON_STANDARD_PORT = attackTechnique(
  'T1571',
  'Non-Standard Port',
  ['Command and Control'],
  'Identify the process using the flagged port, confirm whether it is sanctioned, and block the port at the host and perimeter firewall if not.',
);

export type { PortReason };

export interface NonStandardPortConfig {
  enabled: boolean;
  severity: Severity;
  /** Ports with a known bad name, each with its reason. */
  ports: PortReason[];
  /** Also flag sockets listening on one of the ports (default true). */
  flagListeners: boolean;
}

export const DEFAULT_NON_STANDARD_PORT_CONFIG: NonStandardPortConfig = {
  enabled: true,
  severity: 'HIGH',
  flagListeners: true,
  // The catalogue's list (src-shared/ports.ts); a configured list replaces it.
  ports: [...KNOWN_BAD_PORTS],
};

interface NonStandardPortState {
  tracker: ConnectionTracker;
  listeners: Set<string>;
}

/** A session on a known-bad port: to it (this host's client) or on it (this host's listener). */
function sessionFinding(
  c: Connection,
  reasons: ReadonlyMap<number, string>,
  isInbound: (c: Connection) => boolean,
  homeNet: HomeNet,
  severity: Severity,
): Finding | null {
  const remoteReason = reasons.get(c.remotePort);
  const localReason = reasons.get(c.localPort);
  if (remoteReason && !isInbound(c)) {
    const remote = formatEndpoint(c.remoteAddress, c.remotePort);
    return finding({
      key: `out|${c.process?.name ?? '?'}|${remote}`,
      severity,
      title: `Connection to known-bad port ${c.remotePort}`,
      description: `${processLabel(c.process)} connected to ${remote} (${c.protocol}, ${c.state}): ${remoteReason}.`,
      source: localEndpoint(c),
      destination: remoteEndpoint(c),
      process: c.process,
      evidence: {
        port: c.remotePort,
        reason: remoteReason,
        direction: 'outbound',
        protocol: c.protocol,
        state: c.state,
        remote,
        local: formatEndpoint(c.localAddress, c.localPort),
        remoteExternal: homeNet.isExternal(c.remoteAddress),
      },
    });
  }
  // The accepting side of a connection this host also made is already reported by its client socket.
  if (localReason && isInbound(c) && hasPeer(c) && !homeNet.isLocalHost(c.remoteAddress)) {
    return finding({
      key: `in|${c.localPort}|${c.remoteAddress}`,
      severity,
      title: `Session on known-bad port ${c.localPort}`,
      description: `${c.remoteAddress} reached ${processLabel(c.process)} on local port ${c.localPort} (${c.protocol}): ${localReason}.`,
      source: remoteEndpoint(c),
      destination: localEndpoint(c),
      process: c.process,
      evidence: {
        port: c.localPort,
        reason: localReason,
        direction: 'inbound',
        protocol: c.protocol,
        state: c.state,
        remote: formatEndpoint(c.remoteAddress, c.remotePort),
        local: formatEndpoint(c.localAddress, c.localPort),
        remoteExternal: homeNet.isExternal(c.remoteAddress),
      },
    });
  }
  return null;
}

/** Listeners on a known-bad port not reported before; `state.listeners` becomes the current set. */
function listenerFindings(snapshot: HostSnapshot, state: NonStandardPortState, reasons: ReadonlyMap<number, string>, severity: Severity): Finding[] {
  const findings: Finding[] = [];
  const current = new Set<string>();
  for (const l of snapshot.listening) {
    const reason = reasons.get(l.port);
    if (!reason) continue;
    const key = `listen|${l.protocol}|${l.port}`;
    current.add(key);
    if (state.listeners.has(key)) continue;
    findings.push(
      finding({
        key,
        severity,
        title: `Listener on known-bad port ${l.port}/${l.protocol}`,
        description: `${processLabel(l.process)} listens on ${formatEndpoint(l.address, l.port)} (${l.protocol}): ${reason}.`,
        destination: { address: l.address, port: l.port },
        process: l.process,
        evidence: { port: l.port, protocol: l.protocol, reason, listenAddress: l.address },
      }),
    );
  }
  state.listeners = current;
  return findings;
}

export function nonStandardPortRule(overrides: Partial<NonStandardPortConfig> = {}): Rule<NonStandardPortState, NonStandardPortConfig> {
  const config = { ...DEFAULT_NON_STANDARD_PORT_CONFIG, ...overrides };
  const reasons = portReasonMap(config.ports);
  return {
    id: 'non-standard-port',
    technique: NON_STANDARD_PORT,
    defaultSeverity: config.severity,
    summary: 'Sessions to or from, and listeners on, ports with a known bad name (Metasploit, IRC, Back Orifice, NetBus, mining pools, …).',
    readme: { needs: ['sockets', 'owners'], detects: 'Sessions to/from, and listeners on, known-bad ports (4444, 31337, IRC, NetBus, mining pools …)' },
    config,
    createState: () => ({ tracker: new ConnectionTracker(), listeners: new Set() }),
    evaluate(snapshot, state, context) {
      const findings: Finding[] = [];
      const isInbound = inboundTest(snapshot);
      for (const c of freshConnections(snapshot, state.tracker, context)) {
        const session = sessionFinding(c, reasons, isInbound, context.homeNet, config.severity);
        if (session) findings.push(session);
      }
      if (config.flagListeners) findings.push(...listenerFindings(snapshot, state, reasons, config.severity));
      return findings;
    },
  };
}

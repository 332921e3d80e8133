import { attackTechnique } from '../../../src-shared/attack';
import type { Finding, Severity } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';
import { normalizeIp } from '../../../src-shared/net';
import { ConnectionTracker, freshConnections, inboundTest } from '../connection-tracker';
import { cmdlineExcerpt, endpointText, localEndpoint, processEvidence, processLabel, remoteEndpoint } from '../format';
import { baseName } from '../process-names';
import type { Rule } from '../types';

/** ATT&CK T1090.003; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const MULTI_HOP_PROXY = attackTechnique('T1090.003', 'Proxy: Multi-hop Proxy', ['Command and Control'],
  'Confirm whether Tor use is permitted; if not, stop the process and block known relay addresses and Tor ports.');

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
    9001: 'Tor ORPort (relay)', 9030: 'Tor DirPort (directory)', 9050: 'Tor SOCKS proxy',
    9051: 'Tor control port', 9150: 'Tor Browser SOCKS proxy', 9151: 'Tor Browser control port',
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

export function torProxyRule(overrides: Partial<TorProxyConfig> = {}): Rule<TorProxyState, TorProxyConfig> {
  const config = { ...DEFAULT_TOR_PROXY_CONFIG, ...overrides };
  const torPorts = new Map(Object.entries(config.torPorts).map(([p, why]) => [Number(p), why]));
  const clientPorts = new Set(config.clientListenerPorts);
  const names = new Set(config.processNames.map(baseName));
  const relays = new Set(config.relayAddresses.map((a) => normalizeIp(a)).filter((a): a is string => a !== null));
  return {
    id: 'tor-proxy',
    technique: MULTI_HOP_PROXY,
    defaultSeverity: config.severity,
    summary: 'Tor use: sessions to Tor ports (ORPort/DirPort/SOCKS/control), a running tor process, and addresses from a relay list the user loads.',
    readme: { needs: ['sockets', 'owners', 'processes', 'lists'], detects: 'Tor: relay/SOCKS/control ports, a `tor` process, addresses from a relay list you load' },
    config,
    createState: () => ({ tracker: new ConnectionTracker(), listeners: new Set(), pids: new Set() }),
    evaluate(snapshot, state, context) {
      const { homeNet } = context;
      const findings = new Map<string, Finding>();
      const add = (f: Finding): void => {
        const already = findings.get(f.key);
        if (already) already.occurrences = (already.occurrences ?? 1) + 1;
        else findings.set(f.key, { ...f, occurrences: 1 });
      };
      const isServerSide = inboundTest(snapshot);

      for (const c of freshConnections(snapshot, state.tracker, context)) {
        if (isServerSide(c)) continue;
        const remote = endpointText(c.remoteAddress, c.remotePort);
        const who = c.process?.name ?? '?';
        const portReason = torPorts.get(c.remotePort);
        const common = {
          source: localEndpoint(c), destination: remoteEndpoint(c), ...(c.process ? { process: c.process } : {}),
        };
        if (portReason) {
          add({
            key: `port|${who}|${remote}`,
            severity: config.severity,
            title: `Connection to ${portReason}`,
            description: `${processLabel(c.process)} connected to ${remote}, the ${portReason} port.`,
            ...common,
            evidence: {
              kind: 'tor-port', port: c.remotePort, reason: portReason, remote, state: c.state,
              remoteExternal: homeNet.isExternal(c.remoteAddress), ...processEvidence(c.process),
            },
          });
        }
        const addr = relays.size > 0 ? normalizeIp(c.remoteAddress) : null;
        if (addr && relays.has(addr)) {
          add({
            key: `relay|${who}|${addr}`,
            severity: config.severity,
            title: `Connection to a listed Tor relay ${addr}`,
            description: `${processLabel(c.process)} connected to ${remote}, an address in ${config.relayListName}.`,
            ...common,
            evidence: { kind: 'relay-list', list: config.relayListName, relay: addr, port: c.remotePort, remote, ...processEvidence(c.process) },
          });
        }
      }

      const listeners = new Set<string>();
      for (const l of snapshot.listening) {
        const reason = torPorts.get(l.port);
        if (!reason || l.protocol !== 'tcp') continue;
        const key = `listen|${l.port}`;
        listeners.add(key);
        if (state.listeners.has(key)) continue;
        add({
          key,
          severity: clientPorts.has(l.port) ? config.severity : 'MEDIUM',
          title: `Listener on ${reason} port ${l.port}`,
          description: `${processLabel(l.process)} listens on ${endpointText(l.address, l.port)}, the ${reason} port.`,
          destination: { address: l.address, port: l.port },
          ...(l.process ? { process: l.process } : {}),
          evidence: { kind: 'tor-listener', port: l.port, reason, listenAddress: l.address, ...processEvidence(l.process) },
        });
      }
      state.listeners = listeners;

      const pids = new Set<number>();
      for (const p of snapshot.processes) {
        if (!names.has(baseName(p.name)) && !(p.exe && names.has(baseName(p.exe)))) continue;
        pids.add(p.pid);
        if (state.pids.has(p.pid)) continue;
        const ref = toProcessRef(p);
        add({
          key: `process|${baseName(p.name)}`,
          severity: config.severity,
          title: `Tor process running: ${p.name}`,
          description: `${processLabel(ref)} is running${p.cmdline ? ` (${cmdlineExcerpt(p.cmdline)})` : ''}.`,
          process: ref,
          evidence: {
            kind: 'tor-process', startTime: p.startTime ? new Date(p.startTime).toISOString() : '', ...processEvidence(ref),
          },
        });
      }
      state.pids = pids;
      return [...findings.values()];
    },
  };
}

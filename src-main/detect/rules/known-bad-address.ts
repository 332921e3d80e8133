import type { Finding, Severity } from '../../../src-shared/model';
import { normalizeIp } from '../../../src-shared/net';
import { AddressMatcher } from '../../lists/bad-address-list';
import { ConnectionTracker, freshConnections, hasPeer, inboundTest } from '../connection-tracker';
import { finding, localEndpoint, processLabel, remoteEndpoint } from '../format';
import type { Rule } from '../types';
import { APPLICATION_LAYER_PROTOCOL } from './beaconing';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** A known-bad address list as loaded from a file (src-main/lists). */
export interface NamedAddressList {
  name: string;
  /** IPs and CIDRs. */
  entries: readonly string[];
}

export interface KnownBadAddressConfig {
  enabled: boolean;
  severity: Severity;
  /** Empty unless the user loads lists (settings `lists` with kind `bad-addresses`). */
  lists: NamedAddressList[];
}

export const DEFAULT_KNOWN_BAD_ADDRESS_CONFIG: KnownBadAddressConfig = { enabled: true, severity: 'HIGH', lists: [] };

interface KnownBadAddressState {
  tracker: ConnectionTracker;
}

export function knownBadAddressRule(overrides: Partial<KnownBadAddressConfig> = {}): Rule<KnownBadAddressState, KnownBadAddressConfig> {
  const config = { ...DEFAULT_KNOWN_BAD_ADDRESS_CONFIG, ...overrides };
  const matchers = config.lists.map((list) => ({ name: list.name, matcher: new AddressMatcher(list.entries) }));
  return {
    id: 'known-bad-address',
    technique: APPLICATION_LAYER_PROTOCOL,
    defaultSeverity: config.severity,
    summary:
      'Sessions with an address on a known-bad list the user loads (blocklists of C2 and attack infrastructure); the alert names the list and the entry.',
    readme: {
      needs: ['sockets', 'owners', 'lists'],
      detects: 'Sessions with an address on a known-bad list you load (the alert names the list and the entry)',
    },
    config,
    createState: () => ({ tracker: new ConnectionTracker() }),
    evaluate(snapshot, state, context) {
      if (matchers.length === 0) return [];
      const isServerSide = inboundTest(snapshot);
      const findings = new Map<string, Finding>();
      for (const c of freshConnections(snapshot, state.tracker, context)) {
        if (!hasPeer(c)) continue;
        const address = normalizeIp(c.remoteAddress);
        if (!address) continue;
        for (const { name, matcher } of matchers) {
          const entry = matcher.match(address);
          if (!entry) continue;
          const inbound = isServerSide(c);
          const remote = formatEndpoint(address, c.remotePort);
          const key = `${name}|${c.process?.name ?? '?'}|${address}`;
          const already = findings.get(key);
          if (already) {
            already.occurrences = (already.occurrences ?? 1) + 1;
            continue;
          }
          findings.set(
            key,
            finding({
              key,
              severity: config.severity,
              title: `${inbound ? 'Connection from' : 'Connection to'} ${address}, listed in ${name}`,
              description: `${processLabel(c.process)} ${inbound ? `accepted a connection from ${remote}` : `connected to ${remote}`}; the address matches ${entry} in the list "${name}".`,
              source: inbound ? remoteEndpoint(c) : localEndpoint(c),
              destination: inbound ? localEndpoint(c) : remoteEndpoint(c),
              process: c.process,
              evidence: { list: name, entry, remote, direction: inbound ? 'inbound' : 'outbound', protocol: c.protocol, state: c.state },
              occurrences: 1,
            }),
          );
          break;
        }
      }
      return [...findings.values()];
    },
  };
}

import type { ArpEntry, Finding, Severity } from '../../../src-shared/model';
import { normalizeIp, parseIp } from '../../../src-shared/net';
import { isoTime } from '../format';
import type { Rule } from '../types';

export interface ArpPoisoningConfig {
  enabled: boolean;
  /** A change of the gateway's MAC, or the gateway's MAC answering for another address. */
  gatewaySeverity: Severity;
  /** A change of any other neighbour's MAC (DHCP can legitimately hand an address to a new device). */
  neighbourSeverity: Severity;
  /** MAC changes kept per address as evidence. */
  historyLength: number;
  maxTracked: number;
}

export const DEFAULT_ARP_POISONING_CONFIG: ArpPoisoningConfig = {
  enabled: true,
  gatewaySeverity: 'CRITICAL',
  neighbourSeverity: 'HIGH',
  historyLength: 10,
  maxTracked: 10_000,
};

interface Binding {
  mac: string;
  since: number;
  history: string[];
}

interface ArpPoisoningState {
  /** `${iface}|${ip}` → current MAC. */
  bindings: Map<string, Binding>;
  /** Last reported set of addresses sharing the gateway's MAC. */
  sharedReported: Map<string, string>;
}

const UNUSABLE_STATES = new Set(['FAILED', 'INCOMPLETE', 'NOARP', 'NONE']);

/** Lower-case, two hex digits per octet (`0:1a:2:…` from macOS becomes `00:1a:02:…`); null if not a MAC. */
export function normalizeMac(mac: string): string | null {
  const parts = (mac ?? '').trim().toLowerCase().split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-f]{1,2}$/.test(p))) return null;
  const text = parts.map((p) => p.padStart(2, '0')).join(':');
  if (text === '00:00:00:00:00:00' || text === 'ff:ff:ff:ff:ff:ff') return null;
  return text;
}

function usable(entry: ArpEntry): { ip: string; mac: string } | null {
  if (UNUSABLE_STATES.has(entry.state)) return null;
  const mac = normalizeMac(entry.mac);
  const ip = normalizeIp(entry.ip);
  if (!mac || !ip) return null;
  return { ip, mac };
}

export function arpPoisoningRule(overrides: Partial<ArpPoisoningConfig> = {}): Rule<ArpPoisoningState, ArpPoisoningConfig> {
  const config = { ...DEFAULT_ARP_POISONING_CONFIG, ...overrides };
  return {
    id: 'arp-poisoning',
    techniqueId: 'T1557.002',
    defaultSeverity: config.gatewaySeverity,
    summary: 'The MAC behind the gateway (or any neighbour) changes during the session, or the gateway\'s MAC also answers for another LAN address.',
    config,
    createState: () => ({ bindings: new Map(), sharedReported: new Map() }),
    evaluate(snapshot, state, { now }) {
      const findings: Finding[] = [];
      const gatewayIp = snapshot.gateway?.ip ? normalizeIp(snapshot.gateway.ip) : null;
      const macToIps = new Map<string, Set<string>>();
      let gatewayMac: string | null = null;
      let gatewayIface = snapshot.gateway?.iface ?? '';

      for (const entry of snapshot.arp) {
        const u = usable(entry);
        if (!u) continue;
        const isGateway = u.ip === gatewayIp;
        if (isGateway) {
          gatewayMac = u.mac;
          gatewayIface = entry.iface || gatewayIface;
        }
        if (parseIp(u.ip)?.family === 4) {
          const key = `${entry.iface}|${u.mac}`;
          const ips = macToIps.get(key) ?? new Set<string>();
          ips.add(u.ip);
          macToIps.set(key, ips);
        }

        const key = `${entry.iface}|${u.ip}`;
        const known = state.bindings.get(key);
        if (!known) {
          if (state.bindings.size >= config.maxTracked) {
            const oldest = state.bindings.keys().next().value;
            if (oldest !== undefined) state.bindings.delete(oldest);
          }
          state.bindings.set(key, { mac: u.mac, since: now, history: [`${u.mac} @ ${isoTime(now)}`] });
          continue;
        }
        if (known.mac === u.mac) continue;
        const previous = known.mac;
        const heldMs = now - known.since;
        known.history.push(`${u.mac} @ ${isoTime(now)}`);
        if (known.history.length > config.historyLength) known.history.shift();
        known.mac = u.mac;
        known.since = now;
        const alsoClaimedBy = snapshot.arp
          .filter((e) => e.ip !== entry.ip && normalizeMac(e.mac) === u.mac && !UNUSABLE_STATES.has(e.state))
          .map((e) => e.ip);
        findings.push({
          key: `mac-change|${entry.iface}|${u.ip}`,
          severity: isGateway ? config.gatewaySeverity : config.neighbourSeverity,
          // The alert folds every change of this address, so its title must not name only the latest one
          // (after an attack the latest change is often the restore); the history tells the whole story.
          title: isGateway ? `Gateway ${u.ip} changed its MAC address` : `Neighbour ${u.ip} changed its MAC address`,
          description: `The MAC address for ${isGateway ? 'the default gateway ' : ''}${u.ip} on ${entry.iface} changed from ${previous} to ${u.mac}${alsoClaimedBy.length ? `, a MAC that also answers for ${alsoClaimedBy.join(', ')}` : ''}: someone may be poisoning this host's ARP cache to sit in the middle. MAC history: ${known.history.join(' → ')}.`,
          destination: { address: u.ip },
          evidence: {
            ip: u.ip, iface: entry.iface, gateway: isGateway, previousMac: previous, newMac: u.mac,
            previousMacHeldSec: Math.round(heldMs / 1000), newMacAlsoClaimedBy: alsoClaimedBy, macHistory: [...known.history],
            neighbourState: entry.state,
          },
        });
      }

      if (!gatewayMac && snapshot.gateway?.mac) gatewayMac = normalizeMac(snapshot.gateway.mac);
      const gatewayKey = `${gatewayIface}|${gatewayMac}`;
      const others = gatewayMac && gatewayIp ? [...(macToIps.get(gatewayKey) ?? [])].filter((ip) => ip !== gatewayIp) : [];
      if (gatewayMac && gatewayIp && others.length > 0) {
        const signature = `${gatewayMac}|${others.sort().join(',')}`;
        if (state.sharedReported.get(gatewayIp) !== signature) {
          state.sharedReported.set(gatewayIp, signature);
          findings.push({
            key: `gateway-shared|${gatewayIp}`,
            severity: config.gatewaySeverity,
            title: `Gateway MAC ${gatewayMac} also answers for ${others.join(', ')}`,
            description: `The MAC behind the default gateway ${gatewayIp} (${gatewayMac}) is also the MAC of ${others.join(', ')} on ${gatewayIface}: another LAN host is answering ARP for the gateway.`,
            destination: { address: gatewayIp },
            source: { address: others[0] as string },
            evidence: { gatewayIp, gatewayMac, iface: gatewayIface, sharedWith: others },
          });
        }
      } else if (gatewayIp) {
        state.sharedReported.delete(gatewayIp);
      }
      return findings;
    },
  };
}

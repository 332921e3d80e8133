import { attackTechnique } from '../../../src-shared/attack';
import type { ArpEntry, Finding, HostSnapshot, Severity } from '../../../src-shared/model';
import { normalizeIp, parseIp } from '../../../src-shared/net';
import { isoTime } from '../format';
import type { Rule } from '../types';
import { setBounded } from '../../../src-shared/bounded-map';
import { arpBindingKey, bindingMac } from '../../../src-shared/arp-binding';

/** ATT&CK T1557.002; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const ARP_CACHE_POISONING = attackTechnique(
  'T1557.002',
  'Adversary-in-the-Middle: ARP Cache Poisoning',
  ['Credential Access', 'Collection'],
  'Verify the gateway MAC out of band, set a static ARP entry for the gateway, and enable Dynamic ARP Inspection on the switch.',
);

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
  /** The MAC the address had when first learned: the one a restore goes back to. */
  original: string;
  /** The MAC blamed for the latest change away from the original, and when it held the address. */
  suspect?: { mac: string; from: number; until?: number };
}

interface ArpPoisoningState {
  /** arpBindingKey (`${iface}|${ip}`) → current MAC. */
  bindings: Map<string, Binding>;
  /** Last reported set of addresses sharing the gateway's MAC. */
  sharedReported: Map<string, string>;
  /** MAC → who made it, from the offline OUI data on the snapshot (bounded like `bindings`). */
  vendors: Map<string, string>;
}

const RANDOM_MAC = 'locally administered (random or set by hand)';

/** The vendor as evidence: the IEEE registrant, the random-MAC mark, or 'unknown'. */
function vendorOf(entry: ArpEntry): string | undefined {
  if (entry.localMac) return RANDOM_MAC;
  return entry.vendor;
}

/** Evidence on who made the previous and the new MAC: a gateway that changes vendor is telling. */
function vendorEvidence(vendors: Map<string, string>, previousMac: string, newMac: string): Record<string, string | boolean> {
  const before = vendors.get(previousMac);
  const after = vendors.get(newMac);
  if (before === undefined && after === undefined) return {};
  return { previousVendor: before ?? 'unknown', newVendor: after ?? 'unknown', vendorChanged: before !== after };
}

const UNUSABLE_STATES = new Set(['FAILED', 'INCOMPLETE', 'NOARP', 'NONE']);

function usable(entry: ArpEntry): { ip: string; mac: string } | null {
  if (UNUSABLE_STATES.has(entry.state)) return null;
  const mac = bindingMac(entry.mac);
  const ip = normalizeIp(entry.ip);
  if (!mac || !ip) return null;
  return { ip, mac };
}

/**
 * Records a MAC change on `known` and words it. A change back to the MAC first learned for the
 * address is a restore (a poisoning tool re-ARPs the real MAC when it exits): the alert keeps
 * blaming the MAC that had displaced it, with the window it held the address, instead of
 * presenting the real host's MAC as the new one.
 */
function macChangeFinding(
  known: Binding,
  seen: { ip: string; mac: string; iface: string; state: string },
  isGateway: boolean,
  claimedBy: { newMac: string[]; previousMac: string[] },
  now: number,
  config: ArpPoisoningConfig,
  vendorMap: Map<string, string>,
): Finding {
  const previous = known.mac;
  const alsoClaimedBy = claimedBy.newMac;
  const heldMs = now - known.since;
  known.history.push(`${seen.mac} @ ${isoTime(now)}`);
  if (known.history.length > config.historyLength) known.history.shift();
  known.mac = seen.mac;
  known.since = now;
  // Back to the first MAC after a suspect held the address, or (a session that started poisoned)
  // away from a MAC that also answers for other addresses to one that does not.
  const backToOriginal = seen.mac === known.original && known.suspect?.mac === previous;
  const awayFromShared = claimedBy.previousMac.length > 0 && alsoClaimedBy.length === 0;
  const restored = backToOriginal || awayFromShared;
  if (backToOriginal && known.suspect) known.suspect.until = now;
  else if (restored) {
    known.suspect = { mac: previous, from: now - heldMs, until: now };
    known.original = seen.mac;
  } else known.suspect = { mac: seen.mac, from: now };
  const suspect = known.suspect;
  const who = isGateway ? `the default gateway ${seen.ip}` : seen.ip;
  const window = `from ${isoTime(suspect.from)}${suspect.until !== undefined ? ` to ${isoTime(suspect.until)}` : ''}`;
  const story = restored
    ? `${suspect.mac} answered for ${who} on ${seen.iface} in place of ${known.original} ${window}, then ${known.original} was restored (a poisoning tool re-ARPs the real MAC when it stops)`
    : `The MAC address for ${who} on ${seen.iface} changed from ${previous} to ${seen.mac}${alsoClaimedBy.length ? `, a MAC that also answers for ${alsoClaimedBy.join(', ')}` : ''}`;
  const vendors = vendorEvidence(vendorMap, restored ? known.original : previous, suspect.mac);
  const vendorNote = vendors['vendorChanged'] === true ? ` (vendor ${String(vendors['previousVendor'])} → ${String(vendors['newVendor'])})` : '';
  return {
    key: `mac-change|${seen.iface}|${seen.ip}`,
    severity: isGateway ? config.gatewaySeverity : config.neighbourSeverity,
    // The alert folds every change of this address, so its title must not name only the latest one
    // (after an attack the latest change is often the restore); the history tells the whole story.
    title: isGateway ? `Gateway ${seen.ip} changed its MAC address` : `Neighbour ${seen.ip} changed its MAC address`,
    description: `${story}${vendorNote}: someone may be poisoning this host's ARP cache to sit in the middle. MAC history: ${known.history.join(' → ')}.`,
    destination: { address: seen.ip },
    evidence: {
      ip: seen.ip,
      iface: seen.iface,
      gateway: isGateway,
      // previousMac/newMac describe the suspicious change, also after the real MAC came back.
      previousMac: restored ? known.original : previous,
      newMac: suspect.mac,
      restored,
      ...(restored ? { restoredMac: known.original } : {}),
      suspectMac: suspect.mac,
      suspectFrom: isoTime(suspect.from),
      ...(suspect.until !== undefined ? { suspectUntil: isoTime(suspect.until) } : {}),
      previousMacHeldSec: Math.round(heldMs / 1000),
      newMacAlsoClaimedBy: alsoClaimedBy,
      macHistory: [...known.history],
      neighbourState: seen.state,
      ...vendors,
    },
  };
}

/** What the neighbour table says about the gateway, for the shared-MAC check. */
interface GatewaySighting {
  ip: string | null;
  mac: string | null;
  iface: string;
  /** `${iface}|${mac}` → the IPv4 addresses that MAC answers for. */
  macToIps: Map<string, Set<string>>;
}

/** Learns (or checks) one neighbour's binding; a MAC change is worded as a finding. */
function bindingChange(
  snapshot: HostSnapshot,
  entry: ArpEntry,
  u: { ip: string; mac: string },
  isGateway: boolean,
  state: ArpPoisoningState,
  config: ArpPoisoningConfig,
  now: number,
): Finding | undefined {
  const key = arpBindingKey({ iface: entry.iface, ip: u.ip });
  const known = state.bindings.get(key);
  if (!known) {
    setBounded(state.bindings, key, { mac: u.mac, since: now, history: [`${u.mac} @ ${isoTime(now)}`], original: u.mac }, config.maxTracked);
    return undefined;
  }
  if (known.mac === u.mac) return undefined;
  const claimedBy = (mac: string): string[] =>
    snapshot.arp.filter((e) => e.ip !== entry.ip && bindingMac(e.mac) === mac && !UNUSABLE_STATES.has(e.state)).map((e) => e.ip);
  const seen = { ip: u.ip, mac: u.mac, iface: entry.iface, state: entry.state };
  return macChangeFinding(known, seen, isGateway, { newMac: claimedBy(u.mac), previousMac: claimedBy(known.mac) }, now, config, state.vendors);
}

/**
 * Walks the neighbour table: learns vendors and bindings, pushes a finding per MAC change, and
 * notes the gateway's MAC and which IPv4 addresses each MAC answers for.
 */
function scanNeighbours(snapshot: HostSnapshot, state: ArpPoisoningState, config: ArpPoisoningConfig, now: number, findings: Finding[]): GatewaySighting {
  const gateway: GatewaySighting = {
    ip: snapshot.gateway?.ip ? normalizeIp(snapshot.gateway.ip) : null,
    mac: null,
    iface: snapshot.gateway?.iface ?? '',
    macToIps: new Map(),
  };
  for (const entry of snapshot.arp) {
    const u = usable(entry);
    if (!u) continue;
    const isGateway = u.ip === gateway.ip;
    const vendor = vendorOf(entry);
    if (vendor !== undefined && state.vendors.get(u.mac) !== vendor) {
      setBounded(state.vendors, u.mac, vendor, config.maxTracked);
    }
    if (isGateway) {
      gateway.mac = u.mac;
      gateway.iface = entry.iface || gateway.iface;
    }
    if (parseIp(u.ip)?.family === 4) {
      const key = `${entry.iface}|${u.mac}`;
      const ips = gateway.macToIps.get(key) ?? new Set<string>();
      ips.add(u.ip);
      gateway.macToIps.set(key, ips);
    }
    const change = bindingChange(snapshot, entry, u, isGateway, state, config, now);
    if (change) findings.push(change);
  }
  if (!gateway.mac && snapshot.gateway?.mac) gateway.mac = bindingMac(snapshot.gateway.mac) ?? null;
  return gateway;
}

/** The gateway's MAC also answering for other LAN addresses: reported once per set of addresses. */
function sharedGatewayFinding(gateway: GatewaySighting, state: ArpPoisoningState, config: ArpPoisoningConfig): Finding | undefined {
  const { ip: gatewayIp, mac: gatewayMac, iface: gatewayIface } = gateway;
  const gatewayKey = `${gatewayIface}|${gatewayMac}`;
  const others = gatewayMac && gatewayIp ? [...(gateway.macToIps.get(gatewayKey) ?? [])].filter((ip) => ip !== gatewayIp) : [];
  if (gatewayMac && gatewayIp && others.length > 0) {
    const signature = `${gatewayMac}|${others.sort().join(',')}`;
    if (state.sharedReported.get(gatewayIp) === signature) return undefined;
    state.sharedReported.set(gatewayIp, signature);
    return {
      key: `gateway-shared|${gatewayIp}`,
      severity: config.gatewaySeverity,
      title: `Gateway MAC ${gatewayMac} also answers for ${others.join(', ')}`,
      description: `The MAC behind the default gateway ${gatewayIp} (${gatewayMac}) is also the MAC of ${others.join(', ')} on ${gatewayIface}: another LAN host is answering ARP for the gateway.`,
      destination: { address: gatewayIp },
      source: { address: others[0] as string },
      evidence: { gatewayIp, gatewayMac, iface: gatewayIface, sharedWith: others },
    };
  }
  if (gatewayIp) state.sharedReported.delete(gatewayIp);
  return undefined;
}

function evaluateArpPoisoning(snapshot: HostSnapshot, state: ArpPoisoningState, config: ArpPoisoningConfig, now: number): Finding[] {
  const findings: Finding[] = [];
  const gateway = scanNeighbours(snapshot, state, config, now, findings);
  const shared = sharedGatewayFinding(gateway, state, config);
  if (shared) findings.push(shared);
  return findings;
}

export function arpPoisoningRule(overrides: Partial<ArpPoisoningConfig> = {}): Rule<ArpPoisoningState, ArpPoisoningConfig> {
  const config = { ...DEFAULT_ARP_POISONING_CONFIG, ...overrides };
  return {
    id: 'arp-poisoning',
    technique: ARP_CACHE_POISONING,
    defaultSeverity: config.gatewaySeverity,
    summary: "The MAC behind the gateway (or any neighbour) changes during the session, or the gateway's MAC also answers for another LAN address.",
    readme: {
      needs: ['neighbours', 'gateway'],
      detects:
        "ARP cache poisoning: the gateway's (or any neighbour's) MAC changes, or its MAC claims other IPs; after the poisoner restores the real MAC the alert keeps naming the attacker's MAC (`newMac`, `suspectMac`) and the window it held the address",
    },
    config,
    createState: () => ({ bindings: new Map(), sharedReported: new Map(), vendors: new Map() }),
    evaluate(snapshot, state, { now }) {
      return evaluateArpPoisoning(snapshot, state, config, now);
    },
  };
}

// The rule registry: adding a detection = one file in this folder + one line in RULE_FACTORIES
// (and its import). Everything else derives from it: the configuration types, the settings
// catalog, src-shared/attack-techniques.ts, the README table and src-shared/settings/rule-catalog.json
// (`npm run gen:rules`; registry-outputs.test.ts fails when they drift).
import type { AnyRule } from '../types';
import { arpPoisoningRule } from './arp-poisoning';
import { bruteForceRule } from './brute-force';
import { beaconingRule } from './beaconing';
import { downloadExecRule } from './download-exec';
import { dnsAnomalyRule } from './dns-anomaly';
import { dnsQueryRateRule } from './dns-query-rate';
import { exfiltrationRule } from './exfiltration';
import { firstNetworkUseRule } from './first-network-use';
import { knownBadAddressRule } from './known-bad-address';
import { loginFailuresRule } from './login-failures';
import { icmpTunnelRule } from './icmp-tunnel';
import { networkScanRule } from './network-scan';
import { nonStandardPortRule } from './non-standard-port';
import { relayProcessRule } from './relay-process';
import { packetCaptureRule } from './packet-capture';
import { remoteServicesRule } from './remote-services';
import { relayedShellRule } from './relayed-shell';
import { reverseShellRule } from './reverse-shell';
import { sshForwardingRule } from './ssh-forwarding';
import { suspiciousSpawnRule } from './suspicious-spawn';
import { torProxyRule } from './tor-proxy';
import { unusualPortRule } from './unusual-port';

export { parseTorRelayList, type TorRelayList } from './tor-relay-list';

/** One factory per rule, keyed by its configuration's name in settings overrides; evaluated in this order. */
export const RULE_FACTORIES = {
  nonStandardPort: nonStandardPortRule,
  networkScan: networkScanRule,
  remoteServices: remoteServicesRule,
  dnsAnomaly: dnsAnomalyRule,
  torProxy: torProxyRule,
  beaconing: beaconingRule,
  suspiciousSpawn: suspiciousSpawnRule,
  reverseShell: reverseShellRule,
  relayedShell: relayedShellRule,
  downloadExec: downloadExecRule,
  arpPoisoning: arpPoisoningRule,
  exfiltration: exfiltrationRule,
  dnsQueryRate: dnsQueryRateRule,
  sshForwarding: sshForwardingRule,
  relayProcess: relayProcessRule,
  packetCapture: packetCaptureRule,
  icmpTunnel: icmpTunnelRule,
  bruteForce: bruteForceRule,
  loginFailures: loginFailuresRule,
  knownBadAddress: knownBadAddressRule,
  firstNetworkUse: firstNetworkUseRule,
  // Last: it escalates on the alerts the rules above folded this tick.
  unusualPort: unusualPortRule,
} satisfies Record<string, (overrides?: never) => AnyRule>;

type RuleKey = keyof typeof RULE_FACTORIES;

/** Configuration of every rule (each rule's DEFAULT_…_CONFIG documents its defaults). */
export type DetectionConfig = { [K in RuleKey]: ReturnType<(typeof RULE_FACTORIES)[K]>['config'] };

/** Overrides per rule; any field left out keeps its default. */
export type DetectionOverrides = { [K in RuleKey]?: Partial<DetectionConfig[K]> };

/** Every rule, enabled or not, with its configuration (defaults + overrides). */
export function allRules(config: DetectionOverrides = {}): AnyRule[] {
  return (Object.keys(RULE_FACTORIES) as RuleKey[]).map((key) => (RULE_FACTORIES[key] as (overrides?: unknown) => AnyRule)(config[key]));
}

/** Every rule with its configuration (defaults + overrides); rules with `enabled: false` are left out. */
export function defaultRules(config: DetectionOverrides = {}): AnyRule[] {
  return allRules(config).filter((rule) => (rule.config as { enabled?: boolean }).enabled !== false);
}

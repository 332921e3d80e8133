// The rule list: adding a detection = one file in this folder + one line here.
import type { Severity } from '../../../src-shared/model';
import { getTechnique, type Tactic } from '../../../src-shared/attack';
import type { AnyRule } from '../types';
import { arpPoisoningRule, DEFAULT_ARP_POISONING_CONFIG, type ArpPoisoningConfig } from './arp-poisoning';
import { bruteForceRule, DEFAULT_BRUTE_FORCE_CONFIG, type BruteForceConfig } from './brute-force';
import { beaconingRule, DEFAULT_BEACONING_CONFIG, type BeaconingConfig } from './beaconing';
import { DEFAULT_DOWNLOAD_EXEC_CONFIG, downloadExecRule, type DownloadExecConfig } from './download-exec';
import { DEFAULT_DNS_ANOMALY_CONFIG, dnsAnomalyRule, type DnsAnomalyConfig } from './dns-anomaly';
import { DEFAULT_DNS_QUERY_RATE_CONFIG, dnsQueryRateRule, type DnsQueryRateConfig } from './dns-query-rate';
import { DEFAULT_FIRST_NETWORK_USE_CONFIG, firstNetworkUseRule, type FirstNetworkUseConfig } from './first-network-use';
import { DEFAULT_EXFILTRATION_CONFIG, exfiltrationRule, type ExfiltrationConfig } from './exfiltration';
import { DEFAULT_KNOWN_BAD_ADDRESS_CONFIG, knownBadAddressRule, type KnownBadAddressConfig } from './known-bad-address';
import { DEFAULT_ICMP_TUNNEL_CONFIG, icmpTunnelRule, type IcmpTunnelConfig } from './icmp-tunnel';
import { DEFAULT_NETWORK_SCAN_CONFIG, networkScanRule, type NetworkScanConfig } from './network-scan';
import { DEFAULT_NON_STANDARD_PORT_CONFIG, nonStandardPortRule, type NonStandardPortConfig } from './non-standard-port';
import { DEFAULT_RELAY_PROCESS_CONFIG, relayProcessRule, type RelayProcessConfig } from './relay-process';
import { DEFAULT_PACKET_CAPTURE_CONFIG, packetCaptureRule, type PacketCaptureConfig } from './packet-capture';
import { DEFAULT_REMOTE_SERVICES_CONFIG, remoteServicesRule, type RemoteServicesConfig } from './remote-services';
import { DEFAULT_RELAYED_SHELL_CONFIG, relayedShellRule, type RelayedShellConfig } from './relayed-shell';
import { DEFAULT_REVERSE_SHELL_CONFIG, reverseShellRule, type ReverseShellConfig } from './reverse-shell';
import { DEFAULT_SSH_FORWARDING_CONFIG, sshForwardingRule, type SshForwardingConfig } from './ssh-forwarding';
import { DEFAULT_SUSPICIOUS_SPAWN_CONFIG, suspiciousSpawnRule, type SuspiciousSpawnConfig } from './suspicious-spawn';
import { DEFAULT_TOR_PROXY_CONFIG, torProxyRule, type TorProxyConfig } from './tor-proxy';
import { DEFAULT_UNUSUAL_PORT_CONFIG, unusualPortRule, type UnusualPortConfig } from './unusual-port';

export { parseTorRelayList, type TorRelayList } from './tor-relay-list';

/** Configuration of every rule; see each rule's DEFAULT_…_CONFIG for the documented defaults. */
export interface DetectionConfig {
  nonStandardPort: NonStandardPortConfig;
  networkScan: NetworkScanConfig;
  remoteServices: RemoteServicesConfig;
  dnsAnomaly: DnsAnomalyConfig;
  torProxy: TorProxyConfig;
  beaconing: BeaconingConfig;
  suspiciousSpawn: SuspiciousSpawnConfig;
  reverseShell: ReverseShellConfig;
  relayedShell: RelayedShellConfig;
  downloadExec: DownloadExecConfig;
  arpPoisoning: ArpPoisoningConfig;
  exfiltration: ExfiltrationConfig;
  dnsQueryRate: DnsQueryRateConfig;
  sshForwarding: SshForwardingConfig;
  relayProcess: RelayProcessConfig;
  unusualPort: UnusualPortConfig;
  packetCapture: PacketCaptureConfig;
  icmpTunnel: IcmpTunnelConfig;
  bruteForce: BruteForceConfig;
  knownBadAddress: KnownBadAddressConfig;
  firstNetworkUse: FirstNetworkUseConfig;
}

/** Overrides per rule; any field left out keeps its default. */
export type DetectionOverrides = { [K in keyof DetectionConfig]?: Partial<DetectionConfig[K]> };

export const DEFAULT_DETECTION_CONFIG: DetectionConfig = {
  nonStandardPort: DEFAULT_NON_STANDARD_PORT_CONFIG,
  networkScan: DEFAULT_NETWORK_SCAN_CONFIG,
  remoteServices: DEFAULT_REMOTE_SERVICES_CONFIG,
  dnsAnomaly: DEFAULT_DNS_ANOMALY_CONFIG,
  torProxy: DEFAULT_TOR_PROXY_CONFIG,
  beaconing: DEFAULT_BEACONING_CONFIG,
  suspiciousSpawn: DEFAULT_SUSPICIOUS_SPAWN_CONFIG,
  reverseShell: DEFAULT_REVERSE_SHELL_CONFIG,
  relayedShell: DEFAULT_RELAYED_SHELL_CONFIG,
  downloadExec: DEFAULT_DOWNLOAD_EXEC_CONFIG,
  arpPoisoning: DEFAULT_ARP_POISONING_CONFIG,
  exfiltration: DEFAULT_EXFILTRATION_CONFIG,
  dnsQueryRate: DEFAULT_DNS_QUERY_RATE_CONFIG,
  sshForwarding: DEFAULT_SSH_FORWARDING_CONFIG,
  relayProcess: DEFAULT_RELAY_PROCESS_CONFIG,
  unusualPort: DEFAULT_UNUSUAL_PORT_CONFIG,
  packetCapture: DEFAULT_PACKET_CAPTURE_CONFIG,
  icmpTunnel: DEFAULT_ICMP_TUNNEL_CONFIG,
  bruteForce: DEFAULT_BRUTE_FORCE_CONFIG,
  knownBadAddress: DEFAULT_KNOWN_BAD_ADDRESS_CONFIG,
  firstNetworkUse: DEFAULT_FIRST_NETWORK_USE_CONFIG,
};

/** One factory per rule, keyed like DetectionConfig; adding a rule = one line here. */
export const RULE_FACTORIES: { [K in keyof DetectionConfig]: (overrides?: Partial<DetectionConfig[K]>) => AnyRule } = {
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
  knownBadAddress: knownBadAddressRule,
  firstNetworkUse: firstNetworkUseRule,
  // Last: it escalates on the alerts the rules above folded this tick.
  unusualPort: unusualPortRule,
};

/** Every rule, enabled or not, with its configuration (defaults + overrides). */
export function allRules(config: DetectionOverrides = {}): AnyRule[] {
  return (Object.keys(RULE_FACTORIES) as (keyof DetectionConfig)[]).map((key) =>
    (RULE_FACTORIES[key] as (overrides?: unknown) => AnyRule)(config[key]));
}

/** Every rule with its configuration (defaults + overrides); rules with `enabled: false` are left out. */
export function defaultRules(config: DetectionOverrides = {}): AnyRule[] {
  return allRules(config).filter((rule) => (rule.config as { enabled?: boolean }).enabled !== false);
}

export interface RuleDescription {
  id: string;
  techniqueId: string;
  technique: string;
  tactics: Tactic[];
  severity: Severity;
  summary: string;
}

/** One row per rule, for the README and the UI. */
export function describeRules(rules: AnyRule[] = defaultRules()): RuleDescription[] {
  return rules.map((rule) => {
    const technique = getTechnique(rule.techniqueId);
    return {
      id: rule.id,
      techniqueId: rule.techniqueId,
      technique: technique?.name ?? rule.techniqueId,
      tactics: technique?.tactics ?? [],
      severity: rule.defaultSeverity,
      summary: rule.summary,
    };
  });
}

/** The same as a Markdown table. */
export function rulesMarkdownTable(rules: AnyRule[] = defaultRules()): string {
  const rows = describeRules(rules).map((r) =>
    `| ${r.techniqueId} | ${r.technique} | ${r.tactics.join(', ')} | ${r.severity} | \`${r.id}\` | ${r.summary} |`);
  return ['| ATT&CK | Technique | Tactics | Severity | Rule | Detects |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

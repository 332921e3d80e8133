import { attackTechnique } from '../../../src-shared/attack';
import type { Finding, Severity } from '../../../src-shared/model';
import { finding, processLabel } from '../format';
import { capturesTraffic, describeSocket, holdersByPid, isSystemNetworkDaemon, LINK_DAEMONS } from '../low-level-holders';
import type { Rule } from '../types';

/** ATT&CK T1040; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const NETWORK_SNIFFING = attackTechnique(
  'T1040',
  'Network Sniffing',
  ['Credential Access', 'Discovery'],
  'A process capturing frames can read credentials in transit: confirm whether the capture is sanctioned, stop it if not, check how it got the capability (root, CAP_NET_RAW) and move services to encrypted protocols.',
);

export interface PacketCaptureConfig {
  enabled: boolean;
  severity: Severity;
  /**
   * Link-configuration daemons whose packet sockets are normal (DHCP, 802.1X, LLDP), quiet only when
   * run from a system directory and bound to one interface. Kernel names are cut at 15 characters.
   */
  quietDaemons: string[];
}

export const DEFAULT_PACKET_CAPTURE_CONFIG: PacketCaptureConfig = {
  enabled: true,
  severity: 'HIGH',
  quietDaemons: [...LINK_DAEMONS],
};

interface PacketCaptureState {
  /** `${pid}|${inode}` already reported. */
  reported: Set<string>;
}

export function packetCaptureRule(overrides: Partial<PacketCaptureConfig> = {}): Rule<PacketCaptureState, PacketCaptureConfig> {
  const config = { ...DEFAULT_PACKET_CAPTURE_CONFIG, ...overrides };
  const daemons = config.quietDaemons.map((n) => n.toLowerCase());
  return {
    id: 'packet-capture',
    technique: NETWORK_SNIFFING,
    defaultSeverity: config.severity,
    summary:
      'A process holding a packet (AF_PACKET) socket that receives every frame or every IP packet: a sniffer (tcpdump, scapy, pcap-based scanners). DHCP/802.1X/LLDP daemons from system directories bound to one interface stay quiet.',
    readme: {
      needs: ['lowLevel'],
      detects:
        "Sniffers: a process holding a packet socket that receives every frame or every IP packet (tcpdump, scapy, pcap scanners); needs `/proc/net/packet` and the owner's fds (root for other users' processes). DHCP/802.1X/LLDP daemons from system directories bound to one interface stay quiet",
    },
    config,
    skipWhenHostUnchanged: true,
    createState: () => ({ reported: new Set() }),
    evaluate(snapshot, state) {
      if (!snapshot.lowLevelSockets) return [];
      const findings: Finding[] = [];
      const live = new Set<string>();
      for (const holder of holdersByPid(snapshot.lowLevelSockets, capturesTraffic).values()) {
        const p = holder.process;
        // A daemon that captures on every interface is acting like a sniffer, whatever its name.
        const quiet = isSystemNetworkDaemon(p, daemons) && holder.sockets.every((s) => (s.ifindex ?? 0) !== 0);
        const keys = holder.sockets.map((s) => `${p.pid}|${s.inode}`);
        for (const k of keys) live.add(k);
        if (quiet || keys.every((k) => state.reported.has(k))) continue;
        const fresh = keys.filter((k) => !state.reported.has(k)).length;
        for (const k of keys) state.reported.add(k);
        const allInterfaces = holder.sockets.some((s) => (s.ifindex ?? 0) === 0);
        findings.push(
          finding({
            key: `${p.pid}|${p.name}`,
            severity: config.severity,
            title: `Packet capture by ${processLabel(p)}`,
            description: `${processLabel(p)} holds ${holder.sockets.length} packet socket(s) that receive ${allInterfaces ? 'traffic on every interface' : 'interface traffic'}: it can read every unencrypted credential on the wire.`,
            process: p,
            evidence: {
              sockets: holder.sockets.map(describeSocket),
              inodes: holder.sockets.map((s) => s.inode),
              everyInterface: allInterfaces,
            },
            occurrences: fresh,
          }),
        );
      }
      for (const k of state.reported) if (!live.has(k)) state.reported.delete(k);
      return findings;
    },
  };
}

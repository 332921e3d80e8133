// Who holds raw, ping and packet sockets, grouped by process: the evidence behind the sniffer,
// raw-scan and ICMP-tunnel checks.
import type { LowLevelSocket, ProcessRef } from '../../src-shared/model';
import { baseName } from './process-names';

export const ETH_P_ALL = 0x0003;
export const ETH_P_IP = 0x0800;
export const ETH_P_IPV6 = 0x86dd;
const IPPROTO_ICMP = 1;
const IPPROTO_TCP = 6;
const IPPROTO_ICMPV6 = 58;
const IPPROTO_RAW = 255;

export interface Holder {
  process: ProcessRef;
  sockets: LowLevelSocket[];
}

/** Sockets with a known owner, by pid (first `max` processes). */
export function holdersByPid(sockets: readonly LowLevelSocket[] | undefined, accept: (s: LowLevelSocket) => boolean, max = 1000): Map<number, Holder> {
  const holders = new Map<number, Holder>();
  for (const s of sockets ?? []) {
    if (!s.process || !accept(s)) continue;
    let holder = holders.get(s.process.pid);
    if (!holder) {
      if (holders.size >= max) continue;
      holder = { process: s.process, sockets: [] };
      holders.set(s.process.pid, holder);
    }
    if (holder.sockets.length < 64) holder.sockets.push(s);
  }
  return holders;
}

/** A packet socket that sees IP traffic (every frame, or every IPv4/IPv6 packet): it can capture. */
export function capturesTraffic(s: LowLevelSocket): boolean {
  return s.kind === 'packet' && (s.protocol === ETH_P_ALL || s.protocol === ETH_P_IP || s.protocol === ETH_P_IPV6);
}

/** A socket that can forge TCP segments: raw TCP, IPPROTO_RAW, or a packet socket sending whole frames. */
export function craftsTcp(s: LowLevelSocket): boolean {
  if (s.kind === 'raw') return s.protocol === IPPROTO_TCP || s.protocol === IPPROTO_RAW;
  return s.kind === 'packet' && s.socketType === 'raw' && s.protocol === ETH_P_ALL;
}

/** A socket that can send ICMP echoes: a ping socket, raw ICMP / ICMPv6, or IPPROTO_RAW. */
export function sendsIcmp(s: LowLevelSocket): boolean {
  if (s.kind === 'ping') return true;
  return s.kind === 'raw' && (s.protocol === IPPROTO_ICMP || s.protocol === IPPROTO_ICMPV6 || s.protocol === IPPROTO_RAW);
}

/** Link-configuration daemons (DHCP, 802.1X, LLDP) that hold packet sockets by design; kernel names are cut at 15 characters. */
export const LINK_DAEMONS: readonly string[] = [
  'dhclient',
  'dhcpcd',
  'udhcpc',
  'dhcpd',
  'dnsmasq',
  'networkmanager',
  'nm-dhcp-helper',
  'systemd-networkd',
  'systemd-network',
  'wpa_supplicant',
  'hostapd',
  'lldpd',
  'ladvd',
  'connmand',
  'wicked',
  'iwd',
];

/** Directories only root can write to, where packaged daemons live. */
const SYSTEM_DIRS = ['/usr/sbin/', '/sbin/', '/usr/bin/', '/bin/', '/usr/lib/', '/lib/', '/usr/libexec/', '/lib64/', '/usr/lib64/'];

/**
 * A link-configuration daemon (DHCP, 802.1X, LLDP) running from a system directory. The name alone
 * proves nothing (names are chosen by whoever starts the process), so the executable must be a
 * root-owned system path too.
 */
export function isSystemNetworkDaemon(p: ProcessRef | undefined, names: readonly string[]): boolean {
  if (!p?.exe || !names.includes(baseName(p.name).toLowerCase())) return false;
  const exe = p.exe;
  return !exe.endsWith(' (deleted)') && SYSTEM_DIRS.some((dir) => exe.startsWith(dir));
}

/** `packet ETH_P_ALL on every interface`, `raw TCP (IPv4)` … for evidence. */
export function describeSocket(s: LowLevelSocket): string {
  if (s.kind === 'packet') {
    const proto = s.protocol === ETH_P_ALL ? 'ETH_P_ALL' : `0x${s.protocol.toString(16).padStart(4, '0')}`;
    return `packet ${s.socketType ?? 'raw'} ${proto} on ${s.ifindex ? `ifindex ${s.ifindex}` : 'every interface'}`;
  }
  const names: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 255: 'IPPROTO_RAW' };
  const proto = names[s.protocol] ?? `protocol ${s.protocol}`;
  return `${s.kind === 'ping' ? 'ping socket' : `raw ${proto}`} (IPv${s.family ?? 4})`;
}

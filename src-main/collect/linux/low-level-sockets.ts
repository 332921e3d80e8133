// /proc/net/{raw,raw6,icmp,icmp6} and /proc/net/packet → LowLevelSocket. These tables are short
// (a host has a handful of such sockets), so a plain split per line is cheap enough.
import type { AddressFamily, LowLevelSocket } from '../../../src-shared/model';
import { decodeProcNetAddress } from '../address';

export interface LowLevelParse {
  sockets: LowLevelSocket[];
  badLines: number;
}

/** The files and what each holds; the raw and icmp ones share the udp table layout. */
export const LOW_LEVEL_FILES: ReadonlyArray<{ path: string; kind: LowLevelSocket['kind']; family?: AddressFamily }> = [
  { path: '/proc/net/raw', kind: 'raw', family: 4 },
  { path: '/proc/net/raw6', kind: 'raw', family: 6 },
  { path: '/proc/net/icmp', kind: 'ping', family: 4 },
  { path: '/proc/net/icmp6', kind: 'ping', family: 6 },
  { path: '/proc/net/packet', kind: 'packet' },
];

/** Most sockets kept per table: a hostile process may open thousands. */
export const MAX_LOW_LEVEL_SOCKETS = 4096;

function addressPart(field: string): { address: string; port: number } | undefined {
  const colon = field.indexOf(':');
  if (colon < 0) return undefined;
  const address = decodeProcNetAddress(field, 0, colon);
  const port = Number.parseInt(field.slice(colon + 1), 16);
  return address === undefined || !Number.isFinite(port) ? undefined : { address, port };
}

const DECIMAL = /^\d+$/;

/**
 * One raw or ping table. Layout: `sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops`.
 * A raw socket's "port" is its IP protocol; a ping socket's is its ICMP identifier (protocol
 * is then ICMP or ICMPv6).
 */
export function parseInetLowLevel(text: string, kind: 'raw' | 'ping', family: AddressFamily): LowLevelParse {
  const sockets: LowLevelSocket[] = [];
  let badLines = 0;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    const f = line.split(/\s+/);
    const local = addressPart(f[1] ?? '');
    const remote = addressPart(f[2] ?? '');
    const uid = f[7] ?? '';
    const inode = f[9] ?? '';
    if (!local || !remote || !DECIMAL.test(uid) || !DECIMAL.test(inode)) {
      badLines++;
      continue;
    }
    if (sockets.length >= MAX_LOW_LEVEL_SOCKETS) continue;
    const socket: LowLevelSocket = {
      kind,
      family,
      protocol: kind === 'raw' ? local.port : family === 4 ? 1 : 58,
      localAddress: local.address,
      remoteAddress: remote.address,
      inode: Number(inode),
      uid: Number(uid),
    };
    const drops = f[12];
    if (drops !== undefined && DECIMAL.test(drops)) socket.drops = Number(drops);
    sockets.push(socket);
  }
  return { sockets, badLines };
}

const PACKET_TYPES: Readonly<Record<string, LowLevelSocket['socketType']>> = { 3: 'raw', 2: 'dgram' };

/** /proc/net/packet: `sk RefCnt Type Proto Iface R Rmem User Inode` (Proto in hex, host order). */
export function parsePacketTable(text: string): LowLevelParse {
  const sockets: LowLevelSocket[] = [];
  let badLines = 0;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    const [, , type, proto, iface, , , user, inode] = line.split(/\s+/);
    const protocol = Number.parseInt(proto ?? '', 16);
    if (!Number.isFinite(protocol) || !DECIMAL.test(iface ?? '') || !DECIMAL.test(user ?? '') || !DECIMAL.test(inode ?? '')) {
      badLines++;
      continue;
    }
    if (sockets.length >= MAX_LOW_LEVEL_SOCKETS) continue;
    sockets.push({
      kind: 'packet',
      protocol,
      socketType: PACKET_TYPES[type ?? ''] ?? 'other',
      ifindex: Number(iface),
      inode: Number(inode),
      uid: Number(user),
    });
  }
  return { sockets, badLines };
}

export function parseLowLevel(text: string, kind: LowLevelSocket['kind'], family?: AddressFamily): LowLevelParse {
  return kind === 'packet' ? parsePacketTable(text) : parseInetLowLevel(text, kind, family ?? 4);
}

// Which process owns each socket: the fd walk's map, a search for the sockets it cannot name, and
// the coverage warnings that say why some stay ownerless.
import type { CoverageWarning, LowLevelSocket } from '../../../src-shared/model';
import type { ProcFs } from '../io';
import { ELEVATED_RUN_HINT, warning } from '../source';
import type { FileReader } from '../types';
import type { FdMapCache } from './fd-map';
import type { ProcessTableData } from './processes';
import type { ProcNetSocket } from './proc-net';
import { parseUnixInodes } from './unix-sockets';

export interface AttributionContext {
  fdMap: FdMapCache;
  fileReader: FileReader;
  procFs: ProcFs;
  /** Our uid (undefined where unknown). */
  uid: number | undefined;
  ioGraph: boolean;
}

/** Maps socket inodes to pids, re-walking suspects when a socket has no known owner. */
export async function attributeSockets(
  context: AttributionContext,
  sockets: readonly ProcNetSocket[],
  table: ProcessTableData,
  coverage: CoverageWarning[],
  lowLevel: readonly LowLevelSocket[] = [],
  /** Filled with the IP sockets processes opened since the last tick that the tables do not list. */
  late?: Set<number>,
): Promise<Map<number, number>> {
  const { fdMap } = context;
  const processes = [];
  for (const p of table.processes) if (!table.kernelThreads.has(p.pid)) processes.push({ pid: p.pid, startTime: p.startTime, name: p.name, ppid: p.ppid });
  let owners = await fdMap.update(processes);
  const unowned = new Map<number, number>();
  for (const s of sockets) {
    if (s.inode !== 0 && !owners.ownerByInode.has(s.inode)) unowned.set(s.inode, s.uid);
  }
  for (const s of lowLevel) if (s.inode !== 0 && !owners.ownerByInode.has(s.inode)) unowned.set(s.inode, s.uid);
  if (unowned.size > 0) {
    let listed: Set<number> | undefined;
    const before = owners.ownerByInode;
    const resolved = await fdMap.resolve(unowned, {
      related: () => relatedOwners(sockets, unowned, before),
      candidatesByUid: (uid) => candidatesByUid(table, uid),
      isListed: (inode) => (listed ??= new Set([...sockets, ...lowLevel].map((s) => s.inode))).has(inode),
    });
    if (resolved) {
      owners = { ...resolved, deniedPids: owners.deniedPids, vanishedPids: owners.vanishedPids };
      for (const inode of [...unowned.keys()]) if (owners.ownerByInode.has(inode)) unowned.delete(inode);
    }
  }
  for (const [pid, stdio] of owners.stdioByPid) {
    const info = table.byPid.get(pid);
    if (info && stdio.some((inode) => inode !== undefined)) info.stdioSocketInodes = [...stdio];
  }
  const opened = await countSocketsOpened(context, table);
  if (late) {
    const listed = new Set(sockets.map((s) => s.inode));
    for (const inode of opened) if (!listed.has(inode)) late.add(inode);
  }
  coverage.push(...ownerCoverage(unowned, owners.deniedPids, context.uid));
  if (context.ioGraph && owners.deniedPids > 0) coverage.push(ioGraphCoverage(owners.deniedPids, context.uid));
  return owners.ownerByInode;
}

/**
 * ProcessInfo.socketsOpened: the IP (not Unix) sockets each process of our network namespace
 * opened since the last tick. A spawner's child stdio are Unix socketpairs, which /proc/net/unix
 * (read only on ticks where some process opened sockets) tells apart; a process in another
 * network namespace cannot be behind this namespace's connections; our own churn never counts.
 */
async function countSocketsOpened(context: AttributionContext, table: ProcessTableData): Promise<number[]> {
  const opened = context.fdMap.socketsOpened();
  const ipSockets: number[] = [];
  if (opened.size === 0) return ipSockets;
  const netns = (pid: number | 'self'): Promise<string | undefined> => context.procFs.readlink(`/proc/${pid}/ns/net`).catch(() => undefined);
  const [own, unix] = await Promise.all([netns('self'), context.fileReader('/proc/net/unix').then(parseUnixInodes, () => new Set<number>())]);
  for (const [pid, inodes] of opened) {
    const info = pid === process.pid ? undefined : table.byPid.get(pid);
    if (!info) continue;
    const ip = inodes.filter((inode) => !unix.has(inode));
    if (ip.length > 0 && (own === undefined || (await netns(pid)) === own)) {
      info.socketsOpened = ip.length;
      ipSockets.push(...ip);
    }
  }
  return ipSockets;
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** Why some sockets have no owner: other users' processes (without privileges) or protected ones. */
export function ownerCoverage(unowned: ReadonlyMap<number, number>, deniedPids: number, me: number | undefined): CoverageWarning[] {
  if (unowned.size === 0) return [];
  const elevated = me === 0;
  let ofOthers = 0;
  for (const uid of unowned.values()) if (uid !== me) ofOthers++;
  const warnings: CoverageWarning[] = [];
  if (!elevated && ofOthers > 0) {
    warnings.push(warning('sockets', `owner unknown for ${plural(ofOthers, 'socket')} of other users; run elevated for full attribution`, ELEVATED_RUN_HINT));
  }
  const rest = elevated ? unowned.size : unowned.size - ofOthers;
  if (rest > 0) {
    const why =
      deniedPids > 0
        ? `; ${plural(deniedPids, 'process', 'processes')} ${deniedPids === 1 ? 'does' : 'do'} not allow reading their descriptors`
        : ' (closed or handed over during the tick)';
    warnings.push(
      warning(
        'sockets',
        `owner unknown for ${plural(rest, 'socket')}${why}`,
        deniedPids > 0 ? 'protected processes (not dumpable, or in another namespace) hide their descriptors even from root' : undefined,
      ),
    );
  }
  return warnings;
}

/** Pipes and ptys of processes whose fds we may not read: shells behind them cannot be traced. */
export function ioGraphCoverage(deniedPids: number, me: number | undefined): CoverageWarning {
  return warning(
    'io-graph',
    `pipes and terminals of ${plural(deniedPids, 'process', 'processes')} unreadable: a shell relayed through them is not seen`,
    me === 0
      ? 'protected processes (not dumpable, or in another namespace) hide their descriptors even from root'
      : `other users’ pipes and terminals are hidden; ${ELEVATED_RUN_HINT}`,
  );
}

/**
 * The likely owners of ownerless sockets: whoever listens on an ownerless socket's local port
 * (accepted connections), holds a connection to the same remote endpoint (client pools), or holds
 * its peer (loopback). Port numbers filter first, so strings are built only for near-matches.
 */
export function relatedOwners(sockets: readonly ProcNetSocket[], unowned: ReadonlyMap<number, number>, ownerByInode: ReadonlyMap<number, number>): number[] {
  const listeningPorts = new Set<number>();
  for (const s of sockets) if (s.state === 'LISTEN' || s.state === 'UNCONN') listeningPorts.add(s.localPort);
  const localPorts = new Set<number>();
  const remotePorts = new Set<number>();
  const remoteEndpoints = new Set<string>();
  const peers = new Set<string>();
  for (const s of sockets) {
    if (s.inode === 0 || !unowned.has(s.inode)) continue;
    localPorts.add(s.localPort);
    if (s.remotePort === 0) continue;
    peers.add(`${s.remoteAddress}|${s.remotePort}|${s.localAddress}|${s.localPort}`);
    if (!listeningPorts.has(s.localPort)) {
      // a client: other connections to the same server probably come from the same process
      remotePorts.add(s.remotePort);
      remoteEndpoints.add(`${s.remoteAddress}|${s.remotePort}`);
    }
  }
  const pids = new Set<number>();
  for (const s of sockets) {
    const owner = s.inode > 0 ? ownerByInode.get(s.inode) : undefined;
    if (owner === undefined || pids.has(owner)) continue;
    const related =
      ((s.state === 'LISTEN' || s.state === 'UNCONN') && localPorts.has(s.localPort)) ||
      (remotePorts.has(s.remotePort) && remoteEndpoints.has(`${s.remoteAddress}|${s.remotePort}`)) ||
      (localPorts.has(s.remotePort) && peers.has(`${s.localAddress}|${s.localPort}|${s.remoteAddress}|${s.remotePort}`));
    if (related) pids.add(owner);
  }
  return [...pids];
}

function candidatesByUid(table: ProcessTableData, uid: number): number[] {
  const pids: number[] = [];
  for (const [pid, uids] of table.uidsByPid) {
    if (uids.real === uid || uids.effective === uid || uids.saved === uid || uids.fs === uid) pids.push(pid);
  }
  return pids;
}

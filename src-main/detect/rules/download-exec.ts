// Download and run (T1105 Ingress Tool Transfer): a program running from a world-writable or
// temporary place (/tmp, /var/tmp, /dev/shm, a Downloads folder, memfd) or from a deleted file,
// that talks to the network or starts shells. Tools are dropped there because anyone may write there.
import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, ProcessInfo, Severity } from '../../../src-shared/model';
import { isLoopback, type HomeNet } from '../../../src-shared/net';
import { toProcessRef } from '../../../src-shared/model';
import { finding, remoteEndpoint } from '../format';
import { isShellOrInterpreter } from '../process-names';
import type { Rule } from '../types';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1105; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const INGRESS_TOOL_TRANSFER = attackTechnique(
  'T1105',
  'Ingress Tool Transfer',
  ['Command and Control'],
  'A program dropped in a temporary or world-writable place is talking to the network or starting shells: preserve the file (copy /proc/<pid>/exe if deleted), kill the process, block its endpoints and find how it arrived.',
);

export interface DownloadExecConfig {
  enabled: boolean;
  severity: Severity;
  /** Directory prefixes anyone (or a downloading user) may write to; `~` matches any home. */
  dropDirs: string[];
  /** Prefixes never reported (AppImage mounts, package managers' own unpack dirs …). */
  allowPrefixes: string[];
  /** Where a deleted executable is still ordinary (a package upgrade replaced it under a running daemon). */
  systemDirs: string[];
}

export const DEFAULT_DOWNLOAD_EXEC_CONFIG: DownloadExecConfig = {
  enabled: true,
  severity: 'HIGH',
  dropDirs: ['/tmp/', '/var/tmp/', '/dev/shm/', '/run/shm/', '/run/user/', '/var/crash/', '~/Downloads/', '/memfd:'],
  allowPrefixes: ['/tmp/.mount_'],
  systemDirs: ['/usr/', '/bin/', '/sbin/', '/lib/', '/lib64/', '/opt/', '/snap/', '/nix/store/', '/var/lib/flatpak/', '/app/'],
};

const DELETED = ' (deleted)';
const LINEAGE_DEPTH = 8;
const LIST_CAP = 8;

interface DownloadExecState {
  /** `${pid}|${startTime}|${reason}` already reported. */
  reported: Set<string>;
}

/** The exe path without the ` (deleted)` mark, and whether it was there. */
export function exeLocation(exe: string): { path: string; deleted: boolean } {
  return exe.endsWith(DELETED) ? { path: exe.slice(0, -DELETED.length), deleted: true } : { path: exe, deleted: false };
}

function inDropDir(path: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    if (dir.startsWith('~/')) {
      const home = /^\/(?:home\/[^/]+|root)\//.exec(path);
      if (home && path.startsWith(dir.slice(2), home[0].length)) return dir;
    } else if (path.startsWith(dir)) return dir;
  }
  return undefined;
}

/** Why an executable's place is suspicious, or undefined when it is not. */
export function suspiciousPlace(exe: string, config: DownloadExecConfig): string | undefined {
  const { path, deleted } = exeLocation(exe);
  if (config.allowPrefixes.some((p) => path.startsWith(p))) return undefined;
  const dir = inDropDir(path, config.dropDirs);
  if (dir === '/memfd:') return 'memory-only file (memfd)';
  if (dir) return deleted ? `deleted file in ${dir}` : `runs from ${dir}`;
  if (deleted && !config.systemDirs.some((d) => path.startsWith(d))) return 'deleted file outside system directories';
  return undefined;
}

function lineage(p: ProcessInfo, byPid: ReadonlyMap<number, ProcessInfo>): string[] {
  const chain: string[] = [];
  const seen = new Set<number>();
  let current: ProcessInfo | undefined = p;
  while (current && chain.length < LINEAGE_DEPTH && !seen.has(current.pid)) {
    seen.add(current.pid);
    chain.push(`${current.name} (pid ${current.pid})`);
    current = current.ppid > 0 ? byPid.get(current.ppid) : undefined;
  }
  return chain;
}

interface Suspect {
  p: ProcessInfo;
  place: string;
}

/** What the suspects do, by pid: remotes they reach, addresses they listen on, shells they started. */
interface Activity {
  remotes: Map<number, Connection[]>;
  listens: Map<number, string[]>;
  shells: Map<number, string[]>;
  byPid: Map<number, ProcessInfo>;
}

function activityOf(snapshot: HostSnapshot, suspects: ReadonlyMap<number, Suspect>): Activity {
  if (suspects.size === 0) return { remotes: new Map(), listens: new Map(), shells: new Map(), byPid: new Map() };
  const remotes = new Map<number, Connection[]>();
  for (const c of snapshot.connections) {
    const pid = c.process?.pid;
    if (pid === undefined || !suspects.has(pid) || c.remotePort === 0 || isLoopback(c.remoteAddress)) continue;
    const list = remotes.get(pid) ?? [];
    if (list.length < LIST_CAP && !list.some((o) => o.remoteAddress === c.remoteAddress && o.remotePort === c.remotePort)) list.push(c);
    remotes.set(pid, list);
  }
  const listens = new Map<number, string[]>();
  for (const l of snapshot.listening) {
    const pid = l.process?.pid;
    if (pid === undefined || !suspects.has(pid) || isLoopback(l.address)) continue;
    listens.set(pid, [...(listens.get(pid) ?? []), formatEndpoint(l.address, l.port)].slice(0, LIST_CAP));
  }
  const shells = new Map<number, string[]>();
  const byPid = new Map<number, ProcessInfo>();
  for (const p of snapshot.processes) {
    byPid.set(p.pid, p);
    if (suspects.has(p.ppid) && isShellOrInterpreter(p.name))
      shells.set(p.ppid, [...(shells.get(p.ppid) ?? []), `${p.name} (pid ${p.pid})`].slice(0, LIST_CAP));
  }
  return { remotes, listens, shells, byPid };
}

/** The suspect's finding, or undefined when it does nothing on the network and starts no shell. */
function dropFinding({ p, place }: Suspect, activity: Activity, homeNet: HomeNet, severity: Severity): Finding | undefined {
  const connections = activity.remotes.get(p.pid) ?? [];
  const out = connections.map((c) => formatEndpoint(c.remoteAddress, c.remotePort));
  const listening = activity.listens.get(p.pid) ?? [];
  const spawned = activity.shells.get(p.pid) ?? [];
  if (out.length === 0 && listening.length === 0 && spawned.length === 0) return undefined;
  const exe = p.exe ?? '';
  const doing = [
    out.length > 0 ? `connects to ${out.join(', ')}` : '',
    listening.length > 0 ? `listens on ${listening.join(', ')}` : '',
    spawned.length > 0 ? `started ${spawned.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const chain = lineage(p, activity.byPid);
  const first = connections[0];
  return finding({
    key: `${p.pid}|${exe}`,
    severity,
    title: `Dropped program running: ${p.name} from ${exeLocation(exe).path}`,
    description: `${p.name} (pid ${p.pid}) runs from ${exe} (${place}) and ${doing}. Started by ${chain.slice(1).join(' ← ') || 'an unknown parent'}.`,
    destination: first ? remoteEndpoint(first) : undefined,
    process: toProcessRef(p),
    // The evidence quotes the command line (a dropped program's arguments say what it is for).
    processFields: false,
    evidence: {
      exe,
      place,
      deleted: exeLocation(exe).deleted,
      lineage: chain,
      remotes: out,
      listening,
      shells: spawned,
      remoteExternal: connections.some((c) => homeNet.isExternal(c.remoteAddress)),
      processName: p.name,
      pid: p.pid,
      cmdline: p.cmdline ?? '',
      user: p.user ?? '',
    },
  });
}

export function downloadExecRule(overrides: Partial<DownloadExecConfig> = {}): Rule<DownloadExecState, DownloadExecConfig> {
  const config = { ...DEFAULT_DOWNLOAD_EXEC_CONFIG, ...overrides };
  return {
    id: 'download-exec',
    technique: INGRESS_TOOL_TRANSFER,
    defaultSeverity: config.severity,
    summary:
      'A program running from /tmp, /var/tmp, /dev/shm, a Downloads folder, memfd or a deleted file that opens non-loopback connections or starts shells; needs the executable path (other users’ need root).',
    readme: {
      needs: ['processes', 'sockets', 'owners'],
      detects:
        'Download and run: a program whose executable is in /tmp, /var/tmp, /dev/shm, a Downloads folder, memfd or a deleted file and that connects out, listens or starts shells; evidence: exe path and parent chain',
    },
    config,
    skipWhenHostUnchanged: true,
    createState: () => ({ reported: new Set() }),
    evaluate(snapshot, state, { homeNet }) {
      const suspects = new Map<number, Suspect>();
      for (const p of snapshot.processes) {
        const place = p.exe ? suspiciousPlace(p.exe, config) : undefined;
        if (place) suspects.set(p.pid, { p, place });
      }
      const current = new Set<string>();
      const findings: Finding[] = [];
      const activity = activityOf(snapshot, suspects);
      for (const suspect of suspects.values()) {
        const found = dropFinding(suspect, activity, homeNet, config.severity);
        if (!found) continue;
        // Reported once per process instance (pid + start time).
        const id = `${suspect.p.pid}|${suspect.p.startTime ?? ''}`;
        current.add(id);
        if (!state.reported.has(id)) findings.push(found);
      }
      state.reported = current;
      return findings;
    },
  };
}

// Shells that are not directly on a socket: an interpreter whose stdio reaches a network
// connection through pipes, FIFOs, a pty or a socketpair held by another process (mkfifo + nc,
// socat exec/pty, python pty.spawn, curl | sh). Reads snapshot.ioChannels (see io-graph.ts).
import type { Connection, Finding, HostSnapshot, IoChannel, ProcessInfo, Severity } from '../../../src-shared/model';
import { isLoopback, type HomeNet } from '../../../src-shared/net';
import { toProcessRef } from '../../../src-shared/model';
import { finding, localEndpoint, remoteEndpoint } from '../format';
import { findNetworkPaths, indexChannels, networkedPids, type IoPath } from '../io-paths';
import { baseName, isNetworkTool, isShellOrInterpreter } from '../process-names';
import { pipedScriptFinding, pipedScripts } from '../piped-script';
import { readsCodeFromStdin } from '../stdin-code';
import type { Rule } from '../types';
import { UNIX_SHELL } from './reverse-shell';
import { formatEndpoint } from '../../../src-shared/endpoint';
import { memoByList } from '../list-memo';

export interface RelayedShellConfig {
  enabled: boolean;
  severity: Severity;
  /** Processes at most this many hops away count (2: `curl | gunzip | sh`). */
  maxHops: number;
  /** Remote-login servers: a shell on their pty or pipe is a login, not a backdoor. */
  trustedRelays: string[];
  /** Extra program names treated like shells. */
  extraPrograms: string[];
}

export const DEFAULT_RELAYED_SHELL_CONFIG: RelayedShellConfig = {
  enabled: true,
  severity: 'CRITICAL',
  maxHops: 2,
  trustedRelays: ['sshd', 'sshd-session', 'sshd-auth', 'dropbear', 'mosh-server', 'telnetd', 'in.telnetd', 'login', 'xrdp', 'xrdp-sesman'],
  extraPrograms: [],
};

interface RelayedShellState {
  /** `${pid}|${remote}` already reported. */
  reported: Set<string>;
  /** Shells fed by a download that already ended, with the severity reported. */
  piped: Map<number, string>;
  /** Shells already reported with their live path (the ended download is the same story). */
  relayedPids: Set<number>;
  /**
   * Ticks in a row each candidate shell showed a path: a path must hold for two ticks, since a
   * freshly forked child caught mid-exec (name and stdio still its parent's, no command line yet)
   * looks like an interpreter reading its parent's socketpair for an instant.
   */
  streak: Map<number, number>;
}

const FD_NAMES = ['stdin', 'stdout', 'stderr'];

/** Shells fed from the network this tick, by pid, with their paths to it. */
type ShellVerdicts = Map<number, { shell: ProcessInfo; paths: IoPath[] }>;

/** How a path's kind is told: by its first channel and whether the far end is a pty master or a download tool. */
function pathKind(path: IoPath, relay: ProcessInfo | undefined, stdinOnly: boolean): 'pty' | 'download-pipe' | 'relay' {
  if (path.steps[0]?.channel.kind === 'pty') return 'pty';
  const tool = relay ? baseName(relay.name) : '';
  return stdinOnly && (tool === 'curl' || tool === 'wget' || tool === 'fetch') ? 'download-pipe' : 'relay';
}

function channelText(channel: IoChannel): string {
  return channel.kind === 'pty' ? `pty /dev/pts/${channel.id}` : `${channel.kind} ${channel.id}`;
}

function describePath(shell: ProcessInfo, path: IoPath, byPid: ReadonlyMap<number, ProcessInfo>): string[] {
  const parts = [`${shell.name} (pid ${shell.pid}) ${FD_NAMES[path.fd] ?? `fd ${path.fd}`}`];
  for (const step of path.steps) {
    const p = byPid.get(step.pid);
    parts.push(channelText(step.channel));
    parts.push(`${p?.name ?? '?'} (pid ${step.pid})${step.master ? ' as pty master' : ''}`);
  }
  parts.push(`${path.connection.protocol.toUpperCase()} ${formatEndpoint(path.connection.remoteAddress, path.connection.remotePort)}`);
  return parts;
}

function titleOf(kind: ReturnType<typeof pathKind>, shell: ProcessInfo, relayName: string, remote: string): string {
  if (kind === 'download-pipe') return `Script piped from the network: ${relayName} → ${shell.name} (${remote})`;
  if (kind === 'pty') return `Reverse shell on a pty: ${shell.name} driven by ${relayName} ↔ ${remote}`;
  return `Reverse shell through a relay: ${shell.name} ↔ ${relayName} ↔ ${remote}`;
}

/** The alert for a shell fed through `first` (one of its `paths` to the network). */
function relayFinding(
  id: string,
  shell: ProcessInfo,
  first: IoPath,
  paths: readonly IoPath[],
  byPid: ReadonlyMap<number, ProcessInfo>,
  homeNet: HomeNet,
  severity: Severity,
): Finding {
  const c: Connection = first.connection;
  const remote = formatEndpoint(c.remoteAddress, c.remotePort);
  const relayPid = first.steps.at(-1)?.pid ?? -1;
  const relay = byPid.get(relayPid);
  const fds = [...new Set(paths.filter((p) => p.connection === c).map((p) => FD_NAMES[p.fd] ?? `fd${p.fd}`))];
  const kind = pathKind(first, relay, fds.length === 1 && fds[0] === 'stdin');
  const chain = [shell, ...first.steps.map((s) => byPid.get(s.pid))];
  return finding({
    key: id,
    severity,
    title: titleOf(kind, shell, relay?.name ?? `pid ${relayPid}`, remote),
    description: `${shell.name} (pid ${shell.pid}) reads its commands from ${FD_NAMES[first.fd] ?? 'stdio'}, which reaches ${relay?.name ?? 'a process'} (pid ${relayPid}) holding a ${c.protocol.toUpperCase()} connection to ${remote}: ${describePath(shell, first, byPid).join(' → ')}.${relay && isNetworkTool(relay.name) ? ` ${relay.name} is a network tool.` : ''}`,
    source: localEndpoint(c),
    destination: remoteEndpoint(c),
    process: toProcessRef(shell),
    // The evidence quotes the command lines of the whole chain.
    processFields: false,
    evidence: {
      kind,
      remote,
      local: formatEndpoint(c.localAddress, c.localPort),
      protocol: c.protocol,
      state: c.state,
      remoteExternal: homeNet.isExternal(c.remoteAddress),
      fds,
      path: describePath(shell, first, byPid),
      pids: chain.map((p, i) => p?.pid ?? (i === 0 ? shell.pid : (first.steps[i - 1]?.pid ?? -1))),
      names: chain.map((p) => p?.name ?? '?'),
      channels: first.steps.map((s) => channelText(s.channel)),
      cmdlines: chain.map((p) => p?.cmdline ?? ''),
      relayName: relay?.name ?? '',
      relayPid,
      processName: shell.name,
      pid: shell.pid,
      cmdline: shell.cmdline ?? '',
      user: shell.user ?? '',
    },
  });
}

export function relayedShellRule(overrides: Partial<RelayedShellConfig> = {}): Rule<RelayedShellState, RelayedShellConfig> {
  const config = { ...DEFAULT_RELAYED_SHELL_CONFIG, ...overrides };
  const trusted = new Set(config.trustedRelays.map(baseName));
  const extra = new Set(config.extraPrograms.map(baseName));
  const isCandidate = (p: ProcessInfo): boolean => isShellOrInterpreter(p.name) || extra.has(baseName(p.name));
  return {
    id: 'relayed-shell',
    technique: UNIX_SHELL,
    defaultSeverity: config.severity,
    summary:
      'A shell or interpreter whose stdin/stdout reaches a network connection within two hops through pipes, FIFOs, a pty or a socketpair (mkfifo + nc, socat pty/exec, python pty.spawn, curl | sh), or that reads a pipe whose writer exited right after a download closed or under a `curl … | sh` pipeline (the download ended between ticks); needs the processes’ fds (other users’ need root).',
    readme: {
      needs: ['ioGraph', 'sockets', 'owners', 'processes'],
      detects:
        "Shells behind a relay: an interpreter reading commands from a pipe, named FIFO, pty or socketpair that reaches a non-loopback connection within two processes (mkfifo + nc, socat `exec`/`pty`, python `pty.spawn`, `curl … \\| sh`), or reading a pipe whose writer exited under a `curl … \\| sh` pipeline or just after this host closed a download (the download ended between ticks); needs each process's fds (other users' need root), remote-login servers (sshd, dropbear …) excepted",
    },
    config,
    createState: () => ({ reported: new Set(), piped: new Map(), relayedPids: new Set(), streak: new Map() }),
    evaluate(snapshot, state, { homeNet }) {
      const channels = snapshot.ioChannels ?? [];
      const byPid = new Map<number, ProcessInfo>();
      for (const p of snapshot.processes) byPid.set(p.pid, p);
      const ended = endedDownloads(snapshot, state, byPid, isCandidate, (a) => homeNet.isLocalHost(a), config.severity);
      if (channels.length === 0) {
        state.reported.clear();
        state.streak.clear();
        return ended;
      }
      const skip = (pid: number): boolean => trusted.has(baseName(byPid.get(pid)?.name ?? ''));
      const verdicts = networkFedShells(snapshot, channels, byPid, isCandidate, skip, config.maxHops);
      return [...ended, ...reportShells(verdicts, state, byPid, homeNet, config.severity)];
    },
  };
}

/** Processes with a connection to another host, by pid. */
const remotelyConnectedPids = memoByList((connections: readonly Connection[]) => networkedPids(connections, (c) => !isLoopback(c.remoteAddress)));

/** Candidate shells whose commands reach them from the network within `maxHops`, with those paths. */
function networkFedShells(
  snapshot: HostSnapshot,
  channels: readonly IoChannel[],
  byPid: ReadonlyMap<number, ProcessInfo>,
  isCandidate: (p: ProcessInfo) => boolean,
  skip: (pid: number) => boolean,
  maxHops: number,
): ShellVerdicts {
  const index = indexChannels(channels);
  const networked = remotelyConnectedPids(snapshot.connections);
  const verdicts: ShellVerdicts = new Map();
  for (const pid of index.keys()) {
    const shell = byPid.get(pid);
    if (!shell || !isCandidate(shell) || !readsCodeFromStdin(shell.name, shell.cmdline)) continue;
    const paths = findNetworkPaths(pid, { index, networked, skip, maxHops });
    // Commands must come from somewhere other than a terminal or file: stdin on the path, or on a channel.
    const fedByProcess = (index.get(pid) ?? []).some((c) => c.ends.some((e) => e.pid === pid && e.fd === 0 && !e.master));
    if (paths.some((p) => p.fd === 0) || (paths.length > 0 && fedByProcess)) verdicts.set(pid, { shell, paths });
  }
  return verdicts;
}

/** Findings for the shells not reported yet whose path held for two ticks (or that have a command line). */
function reportShells(
  verdicts: ShellVerdicts,
  state: RelayedShellState,
  byPid: ReadonlyMap<number, ProcessInfo>,
  homeNet: HomeNet,
  severity: Severity,
): Finding[] {
  const streak = new Map<number, number>();
  for (const pid of verdicts.keys()) streak.set(pid, (state.streak.get(pid) ?? 0) + 1);
  state.streak = streak;
  const current = new Set<string>();
  const findings: Finding[] = [];
  for (const { shell, paths } of verdicts.values()) {
    if ((streak.get(shell.pid) ?? 0) < 2 && !shell.cmdline) continue;
    const first = paths.find((p) => p.fd === 0) ?? paths[0];
    if (!first) continue;
    // A command the remote shell ran (its child on the same channel) is part of the same alert.
    const parent = verdicts.get(shell.ppid);
    if (parent && parent.paths.some((p) => p.steps[0]?.channel === first.steps[0]?.channel)) continue;
    const id = `${shell.pid}|${formatEndpoint(first.connection.remoteAddress, first.connection.remotePort)}`;
    current.add(id);
    if (state.relayedPids.size < 10_000) state.relayedPids.add(shell.pid);
    if (state.reported.has(id)) continue;
    findings.push(relayFinding(id, shell, first, paths, byPid, homeNet, severity));
  }
  state.reported = current;
  return findings;
}

/** `… | sh` whose download ended before a tick saw it (piped-script.ts), once per shell and evidence level. */
function endedDownloads(
  snapshot: HostSnapshot,
  state: RelayedShellState,
  byPid: ReadonlyMap<number, ProcessInfo>,
  isCandidate: (p: ProcessInfo) => boolean,
  isOwn: (a: string) => boolean,
  severity: Severity,
): Finding[] {
  const findings: Finding[] = [];
  const current = new Map<number, string>();
  for (const pid of state.relayedPids) if (!byPid.has(pid)) state.relayedPids.delete(pid);
  for (const found of pipedScripts(snapshot, isCandidate, isOwn)) {
    if (state.relayedPids.has(found.shell.pid)) continue;
    const finding = pipedScriptFinding(found, severity, byPid);
    current.set(found.shell.pid, finding.severity);
    if (state.piped.get(found.shell.pid) !== finding.severity) findings.push(finding);
  }
  state.piped = current;
  return findings;
}

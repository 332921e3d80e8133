import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, HostSnapshot, ProcessInfo, Severity } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';
import { cmdlineExcerpt, finding, isoTime, localEndpoint, remoteEndpoint } from '../format';
import { awkNetworkFindings } from '../awk-network';
import { CommandLoopWatch, commandLoopFinding } from '../command-loop';
import { baseName, isShellOrInterpreter } from '../process-names';
import type { Rule, RuleContext } from '../types';
import type { HomeNet } from '../../../src-shared/net';
import { formatEndpoint } from '../../../src-shared/endpoint';

/** ATT&CK T1059.004; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const UNIX_SHELL = attackTechnique(
  'T1059.004',
  'Command and Scripting Interpreter: Unix Shell',
  ['Execution'],
  'A shell wired to a network socket is a reverse or bind shell: kill it, block the remote endpoint and treat the host as compromised.',
);

export interface ReverseShellConfig {
  enabled: boolean;
  severity: Severity;
  /** Extra program names treated like shells (their stdio on a socket is a remote console). */
  extraPrograms: string[];
}

export const DEFAULT_REVERSE_SHELL_CONFIG: ReverseShellConfig = {
  enabled: true,
  severity: 'CRITICAL',
  extraPrograms: [],
};

interface ReverseShellState {
  /** `${pid}|${inode}` (and `${pid}|${remote}` for awk on the network and command loops) already reported. */
  reported: Set<string>;
  loops: CommandLoopWatch;
}

const STDIO = ['stdin', 'stdout', 'stderr'];

/** A shell or interpreter by name or exe, or a program the config names as one. */
function isShellLike(p: ProcessInfo, extra: ReadonlySet<string>): boolean {
  return isShellOrInterpreter(p.name) || extra.has(baseName(p.name)) || (p.exe !== undefined && isShellOrInterpreter(p.exe));
}

/**
 * Any program, whatever its name, with stdin and stdout on one socket it dialled out: a shell
 * copied and renamed (`cp /bin/bash /tmp/kworker`) is driven just the same. Accepted sockets on
 * stdio are inetd-style services, so only shells count there.
 */
function driven(p: ProcessInfo): boolean {
  const [stdin, stdout] = p.stdioSocketInodes ?? [];
  return stdin !== undefined && stdin !== 0 && stdin === stdout;
}

/** The process's stdio fds that sit on a connected socket, by socket inode. */
function stdioOnSockets(p: ProcessInfo, byInode: ReadonlyMap<number, Connection>): Map<number, string[]> {
  const hits = new Map<number, string[]>();
  (p.stdioSocketInodes ?? []).forEach((inode, fd) => {
    if (!inode || !byInode.has(inode)) return;
    hits.set(inode, [...(hits.get(inode) ?? []), STDIO[fd] ?? `fd${fd}`]);
  });
  return hits;
}

interface WiredProcess {
  p: ProcessInfo;
  parent: ProcessInfo | undefined;
  c: Connection;
  inode: number;
  fds: string[];
  /** The socket was accepted (inbound, or on a listening port): a bind shell. */
  bind: boolean;
  /** A known shell or interpreter, not just a program driven through its stdio. */
  named: boolean;
}

function wiredShellFinding(w: WiredProcess, homeNet: HomeNet, config: ReverseShellConfig): Finding {
  const { p, parent, c, inode, fds, bind, named } = w;
  const remote = formatEndpoint(c.remoteAddress, c.remotePort);
  return finding({
    key: `${p.pid}|${remote}`,
    severity: config.severity,
    title: `${bind ? 'Bind' : 'Reverse'} shell: ${p.name} wired to ${remote}`,
    description: `${p.name} (pid ${p.pid}) has its ${fds.join('/')} on a ${c.protocol.toUpperCase()} socket connected to ${remote}${bind ? ` (accepted on local port ${c.localPort})` : ''}: a remote party is driving this ${p.name}.${named ? '' : ` ${p.name} is no known shell (${p.exe ?? 'exe unknown'}): a renamed or dropped shell, or a tool run as one.`}`,
    source: localEndpoint(c),
    destination: remoteEndpoint(c),
    process: toProcessRef(p),
    // The evidence names the process and its parent itself.
    processFields: false,
    evidence: {
      remote,
      local: formatEndpoint(c.localAddress, c.localPort),
      protocol: c.protocol,
      state: c.state,
      inode,
      fds,
      kind: bind ? 'bind' : 'reverse',
      knownShell: named,
      remoteExternal: homeNet.isExternal(c.remoteAddress),
      processName: p.name,
      pid: p.pid,
      exe: p.exe ?? '',
      user: p.user ?? '',
      parentName: parent?.name ?? '',
      parentPid: p.ppid,
      parentCmdline: cmdlineExcerpt(parent?.cmdline),
      started: p.startTime ? isoTime(p.startTime) : '',
    },
  });
}

/** The candidates' stdio sockets not reported yet; `current` collects the id of every one seen. */
function newlyWired(
  snapshot: HostSnapshot,
  candidates: ProcessInfo[],
  extra: ReadonlySet<string>,
  reported: ReadonlySet<string>,
  current: Set<string>,
): WiredProcess[] {
  const byInode = new Map<number, Connection>();
  for (const c of snapshot.connections) if (c.inode && c.remotePort !== 0) byInode.set(c.inode, c);
  const byPid = new Map<number, ProcessInfo>();
  for (const p of snapshot.processes) byPid.set(p.pid, p);
  const wired: WiredProcess[] = [];
  for (const p of candidates) {
    for (const [inode, fds] of stdioOnSockets(p, byInode)) {
      const c = byInode.get(inode) as Connection;
      const id = `${p.pid}|${inode}`;
      current.add(id);
      if (reported.has(id)) continue;
      const bind = c.direction === 'inbound' || snapshot.listening.some((l) => l.port === c.localPort && l.protocol === c.protocol);
      const named = isShellLike(p, extra);
      if (!named && bind) continue;
      wired.push({ p, parent: byPid.get(p.ppid), c, inode, fds, bind, named });
    }
  }
  return wired;
}

function evaluateReverseShell(
  snapshot: HostSnapshot,
  state: ReverseShellState,
  { homeNet, now }: Pick<RuleContext, 'homeNet' | 'now'>,
  config: ReverseShellConfig,
  extra: ReadonlySet<string>,
): Finding[] {
  const candidates = snapshot.processes.filter((p) => p.stdioSocketInodes?.some((i) => i !== undefined && i !== 0) && (isShellLike(p, extra) || driven(p)));
  const current = new Set<string>();
  const findings: Finding[] = [];
  for (const awk of awkNetworkFindings(snapshot, homeNet, config.severity)) {
    current.add(awk.id);
    if (!state.reported.has(awk.id)) findings.push(awk.finding);
  }
  for (const loop of state.loops.observe(snapshot, now)) {
    const loopFinding = commandLoopFinding(loop, homeNet, config.severity);
    current.add(loopFinding.key);
    if (!state.reported.has(loopFinding.key)) findings.push(loopFinding);
  }
  if (candidates.length > 0) {
    for (const wired of newlyWired(snapshot, candidates, extra, state.reported, current)) findings.push(wiredShellFinding(wired, homeNet, config));
  }
  state.reported = current;
  return findings;
}

export function reverseShellRule(overrides: Partial<ReverseShellConfig> = {}): Rule<ReverseShellState, ReverseShellConfig> {
  const config = { ...DEFAULT_REVERSE_SHELL_CONFIG, ...overrides };
  const extra = new Set(config.extraPrograms.map(baseName));
  return {
    id: 'reverse-shell',
    technique: UNIX_SHELL,
    defaultSeverity: config.severity,
    summary:
      'A shell or interpreter whose stdin/stdout/stderr is a network socket (reverse or bind shell), on any port including 443, or any program with stdin and stdout on one socket it dialled out (a renamed shell copy), awk holding a socket (gawk /inet shells), or an interpreter running ad-hoc code or a script outside system dirs that keeps starting and reaping programs while it holds a connection (a command loop).',
    readme: {
      needs: ['sockets', 'owners', 'processes'],
      detects:
        'Reverse shells: a shell or interpreter whose stdin/stdout is a network socket (any port, 443 too), or any program whose stdin and stdout are one outbound socket (a shell copied under another name), awk holding any socket (gawk `/inet/tcp` shells), or a command loop: a shell or interpreter running inline, stdin or non-system script code that holds a connection (one it dialled; accepted too for inline or stdin code) and reaped programs at 2+ ticks while connected (its children’s page-fault count moved: programs too brief for any sampling), HIGH for a script file',
    },
    config,
    skipWhenHostUnchanged: true,
    createState: () => ({ reported: new Set(), loops: new CommandLoopWatch() }),
    evaluate(snapshot, state, context) {
      return evaluateReverseShell(snapshot, state, context, config, extra);
    },
  };
}

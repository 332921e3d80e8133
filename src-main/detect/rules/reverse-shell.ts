import { attackTechnique } from '../../../src-shared/attack';
import type { Connection, Finding, ProcessInfo, Severity } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';
import { cmdlineExcerpt, finding, isoTime, localEndpoint, remoteEndpoint } from '../format';
import { awkNetworkFindings } from '../awk-network';
import { baseName, isShellOrInterpreter } from '../process-names';
import type { Rule } from '../types';
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
  /** `${pid}|${inode}` (and `${pid}|${remote}` for awk on the network) already reported. */
  reported: Set<string>;
}

const STDIO = ['stdin', 'stdout', 'stderr'];

export function reverseShellRule(overrides: Partial<ReverseShellConfig> = {}): Rule<ReverseShellState, ReverseShellConfig> {
  const config = { ...DEFAULT_REVERSE_SHELL_CONFIG, ...overrides };
  const extra = new Set(config.extraPrograms.map(baseName));
  const isCandidate = (p: ProcessInfo): boolean =>
    isShellOrInterpreter(p.name) || extra.has(baseName(p.name)) || (p.exe !== undefined && isShellOrInterpreter(p.exe));
  /**
   * Any program, whatever its name, with stdin and stdout on one socket it dialled out: a shell
   * copied and renamed (`cp /bin/bash /tmp/kworker`) is driven just the same. Accepted sockets on
   * stdio are inetd-style services, so only shells count there.
   */
  const driven = (p: ProcessInfo): boolean => {
    const [stdin, stdout] = p.stdioSocketInodes ?? [];
    return stdin !== undefined && stdin !== 0 && stdin === stdout;
  };
  return {
    id: 'reverse-shell',
    technique: UNIX_SHELL,
    defaultSeverity: config.severity,
    summary:
      'A shell or interpreter whose stdin/stdout/stderr is a network socket (reverse or bind shell), on any port including 443, or any program with stdin and stdout on one socket it dialled out (a renamed shell copy), or awk holding a socket (gawk /inet shells).',
    readme: {
      needs: ['sockets', 'owners', 'processes'],
      detects:
        'Reverse shells: a shell or interpreter whose stdin/stdout is a network socket (any port, 443 too), or any program whose stdin and stdout are one outbound socket (a shell copied under another name), or awk holding any socket (gawk `/inet/tcp` shells)',
    },
    config,
    skipWhenHostUnchanged: true,
    createState: () => ({ reported: new Set() }),
    evaluate(snapshot, state, { homeNet }) {
      const candidates = snapshot.processes.filter((p) => p.stdioSocketInodes?.some((i) => i !== undefined && i !== 0) && (isCandidate(p) || driven(p)));
      const current = new Set<string>();
      const findings: Finding[] = [];
      for (const awk of awkNetworkFindings(snapshot, homeNet, config.severity)) {
        current.add(awk.id);
        if (!state.reported.has(awk.id)) findings.push(awk.finding);
      }
      if (candidates.length === 0) {
        state.reported = current;
        return findings;
      }
      const byInode = new Map<number, Connection>();
      for (const c of snapshot.connections) if (c.inode && c.remotePort !== 0) byInode.set(c.inode, c);
      const byPid = new Map<number, ProcessInfo>();
      for (const p of snapshot.processes) byPid.set(p.pid, p);

      for (const p of candidates) {
        const stdio = p.stdioSocketInodes ?? [];
        const hits = new Map<number, string[]>();
        stdio.forEach((inode, fd) => {
          if (!inode || !byInode.has(inode)) return;
          hits.set(inode, [...(hits.get(inode) ?? []), STDIO[fd] ?? `fd${fd}`]);
        });
        for (const [inode, fds] of hits) {
          const c = byInode.get(inode) as Connection;
          const id = `${p.pid}|${inode}`;
          current.add(id);
          if (state.reported.has(id)) continue;
          const remote = formatEndpoint(c.remoteAddress, c.remotePort);
          const ref = toProcessRef(p);
          const parent = byPid.get(p.ppid);
          const bind = c.direction === 'inbound' || snapshot.listening.some((l) => l.port === c.localPort && l.protocol === c.protocol);
          const named = isCandidate(p);
          if (!named && bind) continue;
          findings.push(
            finding({
              key: `${p.pid}|${remote}`,
              severity: config.severity,
              title: `${bind ? 'Bind' : 'Reverse'} shell: ${p.name} wired to ${remote}`,
              description: `${p.name} (pid ${p.pid}) has its ${fds.join('/')} on a ${c.protocol.toUpperCase()} socket connected to ${remote}${bind ? ` (accepted on local port ${c.localPort})` : ''}: a remote party is driving this ${p.name}.${named ? '' : ` ${p.name} is no known shell (${p.exe ?? 'exe unknown'}): a renamed or dropped shell, or a tool run as one.`}`,
              source: localEndpoint(c),
              destination: remoteEndpoint(c),
              process: ref,
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
            }),
          );
        }
      }
      state.reported = current;
      return findings;
    },
  };
}

// Command loops: a script that holds a connection and runs each line it receives as a program
// (ruby IO.popen, python subprocess, perl qx//, php shell_exec, bash `while read` on /dev/tcp).
// No process has its stdio on the socket, and each program lives a few milliseconds: no sampling
// of /proc sees one. But the kernel adds the page faults of every child a process reaps to its
// cminflt (`ProcessInfo.childFaults`), so a networked interpreter whose count moves tick after
// tick is running programs while it talks to its peer.
import type { Connection, Finding, HostSnapshot, ProcessInfo, Severity } from '../../src-shared/model';
import { toProcessRef } from '../../src-shared/model';
import { isLoopback, type HomeNet } from '../../src-shared/net';
import { cmdlineExcerpt, finding, isoTime, localEndpoint, remoteEndpoint } from './format';
import { formatEndpoint } from '../../src-shared/endpoint';
import { isShellOrInterpreter } from './process-names';
import { codeSource } from './stdin-code';
import { ChildReaping } from './child-reaping';

/** Scripts installed under these run as system software (salt-minion, ansible …), not as a dropped one-liner. */
const INSTALLED_PREFIXES = ['/usr/', '/opt/', '/snap/', '/nix/', '/bin/', '/sbin/', '/lib/', '/lib64/', '/var/lib/', '/etc/'];
/** Ticks with a reaped child, while connected to one remote, that make a loop. */
export const LOOP_RUNS = 2;
const MAX_WATCHED = 256;
const MAX_PEERS_PER_PROCESS = 4;

export interface CommandLoop {
  p: ProcessInfo;
  c: Connection;
  /** Where its code came from: inline (-c/-e/-r), stdin, or the script file's path. */
  code: string;
  /** Inline or stdin code: nothing on disk says what it runs. */
  adHoc: boolean;
  /** Ticks at which it had reaped a child since the tick before, while connected to `c`'s remote. */
  runs: number;
  firstRun: number;
  lastRun: number;
  /** Its children alive at this tick (`name (pid N)`), at most 8. */
  children: string[];
}

interface Watched {
  remote: string;
  runs: number;
  firstRun: number;
  lastRun: number;
}

/** Where the interpreter's program comes from, when that makes it a candidate: inline, stdin or a script outside system dirs. */
function looseCode(p: ProcessInfo): { code: string; adHoc: boolean } | undefined {
  if (!isShellOrInterpreter(p.name) && !(p.exe !== undefined && isShellOrInterpreter(p.exe))) return undefined;
  const source = codeSource(p.name, p.cmdline);
  if (!source || source.kind === 'module') return undefined;
  if (source.kind !== 'file') return { code: source.kind, adHoc: true };
  return INSTALLED_PREFIXES.some((dir) => source.path.startsWith(dir)) ? undefined : { code: source.path, adHoc: false };
}

/** Each process's established TCP connections to non-loopback peers (the first few). */
function peerConnections(connections: readonly Connection[]): Map<number, Connection[]> {
  const byPid = new Map<number, Connection[]>();
  for (const c of connections) {
    const pid = c.process?.pid;
    if (pid === undefined || c.state !== 'ESTABLISHED' || c.protocol !== 'tcp' || c.remotePort === 0) continue;
    const held = byPid.get(pid);
    if ((held && held.length >= MAX_PEERS_PER_PROCESS) || isLoopback(c.remoteAddress)) continue;
    if (held) held.push(c);
    else byPid.set(pid, [c]);
  }
  return byPid;
}

/** Watches networked interpreters' reaped-children counts from tick to tick. */
export class CommandLoopWatch {
  private watched = new Map<number, Watched>();
  private readonly reaping = new ChildReaping();

  /**
   * The loops seen so far (LOOP_RUNS or more runs). Only processes holding a peer connection are
   * looked at, so a crowd of idle interpreters cannot take the watch's slots.
   */
  observe(snapshot: HostSnapshot, now: number): CommandLoop[] {
    const peers = peerConnections(snapshot.connections);
    const next = new Map<number, Watched>();
    const loops: CommandLoop[] = [];
    for (const p of peers.size > 0 ? snapshot.processes : []) {
      const held = peers.get(p.pid);
      const code = held && looseCode(p);
      // Any connection it dialled; one it accepted only for ad-hoc code (a bind loop).
      const c = code && held.find((x) => code.adHoc || x.direction === 'outbound');
      if (!code || !c) continue;
      if (next.size >= MAX_WATCHED) break;
      const w = this.advance(p, formatEndpoint(c.remoteAddress, c.remotePort), now);
      next.set(p.pid, w);
      if (w.runs >= LOOP_RUNS) loops.push({ p, c, ...code, runs: w.runs, firstRun: w.firstRun, lastRun: w.lastRun, children: [] });
    }
    this.watched = next;
    this.reaping.endTick();
    if (loops.length > 0) addChildren(snapshot, loops);
    return loops;
  }

  private advance(p: ProcessInfo, remote: string, now: number): Watched {
    const reaped = this.reaping.reaped(p);
    const previous = this.watched.get(p.pid);
    if (reaped === undefined || !previous || previous.remote !== remote) return { remote, runs: 0, firstRun: now, lastRun: now };
    if (!reaped) return previous;
    return { ...previous, runs: previous.runs + 1, firstRun: previous.runs === 0 ? now : previous.firstRun, lastRun: now };
  }
}

function addChildren(snapshot: HostSnapshot, loops: CommandLoop[]): void {
  const byPid = new Map(loops.map((loop) => [loop.p.pid, loop]));
  for (const child of snapshot.processes) {
    const loop = byPid.get(child.ppid);
    if (loop && loop.children.length < 8) loop.children.push(`${child.name} (pid ${child.pid})`);
  }
}

/** Ad-hoc code gets the rule's severity; a script file on disk (a bot, an agent someone wrote) one step less. */
export function commandLoopFinding(loop: CommandLoop, homeNet: HomeNet, severity: Severity): Finding {
  const { p, c } = loop;
  const remote = formatEndpoint(c.remoteAddress, c.remotePort);
  const running = loop.children.length > 0 ? ` Running now: ${loop.children.join(', ')}.` : '';
  const code = loop.adHoc ? `${loop.code} code` : `the script ${loop.code}`;
  return finding({
    key: `${p.pid}|${remote}|loop`,
    severity: loop.adHoc || severity !== 'CRITICAL' ? severity : 'HIGH',
    title: `Reverse shell: ${p.name} runs programs for ${remote}`,
    description: `${p.name} (pid ${p.pid}, ${code}) holds a connection ${c.direction === 'outbound' ? 'to' : 'from'} ${remote} and started and reaped programs at ${loop.runs} ticks while connected: a command loop, running what the remote party sends without a shell on the socket.${running}`,
    source: localEndpoint(c),
    destination: remoteEndpoint(c),
    process: toProcessRef(p),
    evidence: {
      kind: 'command-loop',
      remote,
      local: formatEndpoint(c.localAddress, c.localPort),
      direction: c.direction,
      remoteExternal: homeNet.isExternal(c.remoteAddress),
      code: loop.code,
      ticksWithPrograms: loop.runs,
      firstProgramSeen: isoTime(loop.firstRun),
      lastProgramSeen: isoTime(loop.lastRun),
      children: loop.children,
      cmdline: cmdlineExcerpt(p.cmdline),
    },
  });
}

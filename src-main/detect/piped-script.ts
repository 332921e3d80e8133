// `curl … | sh` after the download ended: the downloader is gone before a tick sees it, so no I/O
// path joins the shell to a socket any more. What survives: the shell reads its commands from a
// pipe whose writer exited (ProcessInfo.stdinWriterGone), plus either the pipeline in its parent's
// command line (`sh -c 'curl … | sh'`, cron jobs, exploits' injected commands) or the download's
// own trace: an outbound connection this host closed (TIME_WAIT, with the kernel's close time)
// just after the shell started. Either joins the shell to a download; both make it certain.
import type { Connection, Finding, HostSnapshot, ProcessInfo, Severity } from '../../src-shared/model';
import { toProcessRef } from '../../src-shared/model';
import { isLoopback } from '../../src-shared/net';
import { cmdlineExcerpt, finding, isoTime, localEndpoint, remoteEndpoint } from './format';
import { ancestors, indexProcesses, type ProcessIndex } from './lineage';
import { round } from '../../src-shared/stats';
import { readsCodeFromStdin } from './stdin-code';
import { formatEndpoint } from '../../src-shared/endpoint';

/** A downloader's output piped into a shell or interpreter, e.g. `curl -fsSL https://x/i.sh | sudo bash`. */
const DOWNLOAD_PIPELINE =
  /\b(curl|wget|fetch|aria2c|lwp-request|GET)\b[^|;&\n]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+)?(?:\S*\/)?((?:ba|da|z|k|a|fi|tc|c)?sh|python[0-9.]*|perl|ruby|php|node)\b/;
const URL_HOST = /\b(?:https?|ftps?):\/\/(?:[^@/\s'"]*@)?(\[[0-9a-fA-F:.]+\]|[^/\s:'"?#]+)(?::(\d{1,5}))?/;

export interface PipelineText {
  downloader: string;
  interpreter: string;
  host?: string;
  port?: number;
}

/** The downloader-into-interpreter pipeline in a command line, with the URL's host when present. */
export function parseDownloadPipeline(cmdline: string | undefined): PipelineText | undefined {
  const m = cmdline ? DOWNLOAD_PIPELINE.exec(cmdline) : null;
  if (!m || !m[1] || !m[2]) return undefined;
  const url = URL_HOST.exec(m[0]);
  const host = url?.[1]?.replace(/^\[|\]$/g, '');
  const port = url?.[2] !== undefined ? Number(url[2]) : undefined;
  return { downloader: m[1], interpreter: m[2], ...(host ? { host } : {}), ...(port !== undefined && port > 0 && port < 65536 ? { port } : {}) };
}

export interface PipedScript {
  shell: ProcessInfo;
  /** The ancestor whose command line shows the pipeline, and what it shows. */
  lineage?: { process: ProcessInfo; pipeline: PipelineText };
  /** The download's closed connection (TIME_WAIT) that ended just after the shell started. */
  closed?: Connection;
}

/** How long after the shell started a closed download still counts as its feeder. */
const CLOSE_AFTER_START_MS = 30_000;
/** start times are in clock ticks (10 ms) and close times ±10 ms. */
const CLOCK_SLACK_MS = 50;

function closedDownload(shell: ProcessInfo, connections: readonly Connection[], isOwnAddress: (a: string) => boolean): Connection | undefined {
  if (shell.startTime === undefined) return undefined;
  let best: Connection | undefined;
  for (const c of connections) {
    if (c.state !== 'TIME_WAIT' || c.protocol !== 'tcp' || c.closedAt === undefined || c.direction === 'inbound') continue;
    if (isLoopback(c.remoteAddress) || isOwnAddress(c.remoteAddress)) continue;
    const after = c.closedAt - shell.startTime;
    if (after < -CLOCK_SLACK_MS || after > CLOSE_AFTER_START_MS) continue;
    if (!best || c.closedAt < (best.closedAt ?? Infinity)) best = c;
  }
  return best;
}

/** Shells and interpreters reading commands from a pipe whose writer is gone, with what ties them to a download. */
export function pipedScripts(snapshot: HostSnapshot, isCandidate: (p: ProcessInfo) => boolean, isOwnAddress: (address: string) => boolean): PipedScript[] {
  const out: PipedScript[] = [];
  let index: ReturnType<typeof indexProcesses> | undefined;
  for (const shell of snapshot.processes) {
    if (!shell.stdinWriterGone || !isCandidate(shell) || !readsCodeFromStdin(shell.name, shell.cmdline)) continue;
    index ??= indexProcesses(snapshot);
    // A child that inherited the shell's stdin (the script's own commands) is part of its alert.
    const parent = index.get(shell.ppid);
    if (parent?.stdinWriterGone && isCandidate(parent) && readsCodeFromStdin(parent.name, parent.cmdline)) continue;
    let lineage: PipedScript['lineage'];
    for (let p = parent, depth = 0; p && depth < 3 && !lineage; p = index.get(p.ppid), depth++) {
      const pipeline = parseDownloadPipeline(p.cmdline);
      if (pipeline) lineage = { process: p, pipeline };
    }
    const closed = closedDownload(shell, snapshot.connections, isOwnAddress);
    if (lineage || closed) out.push({ shell, ...(lineage ? { lineage } : {}), ...(closed ? { closed } : {}) });
    if (out.length >= 50) break;
  }
  return out;
}

/** CRITICAL-level when both the pipeline and the closed download are seen; HIGH with the pipeline alone; MEDIUM with only the timing. */
export function pipedScriptFinding(found: PipedScript, severity: Severity, byPid: ProcessIndex): Finding {
  const { shell, lineage, closed } = found;
  const level: Severity = lineage && closed ? severity : lineage ? 'HIGH' : 'MEDIUM';
  const downloader = lineage?.pipeline.downloader ?? 'a downloader';
  const remote = closed
    ? formatEndpoint(closed.remoteAddress, closed.remotePort)
    : lineage?.pipeline.host
      ? formatEndpoint(lineage.pipeline.host, lineage.pipeline.port)
      : 'unknown';
  const chain = ancestors(shell.pid, byPid, 3);
  const because = [
    lineage ? `${lineage.process.name} (pid ${lineage.process.pid}) ran the pipeline \`${cmdlineExcerpt(lineage.process.cmdline)}\`` : '',
    closed && closed.closedAt !== undefined && shell.startTime !== undefined
      ? `this host closed a download from ${formatEndpoint(closed.remoteAddress, closed.remotePort)} ${round((closed.closedAt - shell.startTime) / 1000, 2)} s after ${shell.name} started`
      : '',
  ]
    .filter(Boolean)
    .join('; ');
  return finding({
    key: `${shell.pid}|piped`,
    severity: level,
    title: `Script piped from the network: ${downloader} → ${shell.name} (${remote}; the download already ended)`,
    description: `${shell.name} (pid ${shell.pid}) reads its commands from a pipe whose writer has exited, and ${because}: a downloaded script is being run.`,
    source: closed ? localEndpoint(closed) : undefined,
    destination: closed
      ? remoteEndpoint(closed)
      : lineage?.pipeline.host
        ? { address: lineage.pipeline.host, ...(lineage.pipeline.port !== undefined ? { port: lineage.pipeline.port } : {}) }
        : undefined,
    process: toProcessRef(shell),
    // The evidence quotes the shell's command line and its lineage.
    processFields: false,
    evidence: {
      kind: 'download-pipe-ended',
      remote,
      relayName: lineage?.pipeline.downloader ?? '',
      writerExited: true,
      pipeline: lineage ? cmdlineExcerpt(lineage.process.cmdline) : '',
      pipelinePid: lineage?.process.pid ?? -1,
      closedAt: closed?.closedAt !== undefined ? isoTime(closed.closedAt) : '',
      shellStarted: shell.startTime !== undefined ? isoTime(shell.startTime) : '',
      lineage: chain.map((p) => `${p.name} (${p.pid})`),
      names: [shell.name, ...chain.map((p) => p.name)],
      processName: shell.name,
      pid: shell.pid,
      cmdline: cmdlineExcerpt(shell.cmdline),
      user: shell.user ?? '',
    },
  });
}

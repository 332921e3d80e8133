import { capText } from '../../src-shared/host-text';
import type { Connection, Endpoint, Finding, ProcessRef } from '../../src-shared/model';

/**
 * Most UTF-8 bytes of a command line quoted in a description or evidence: alerts carry an excerpt,
 * the report lists each process's command line once (network_state.processes).
 */
export const CMDLINE_EXCERPT_BYTES = 256;

export function cmdlineExcerpt(cmdline: string | undefined): string {
  return capText(cmdline ?? '', CMDLINE_EXCERPT_BYTES);
}

export function remoteEndpoint(c: Connection): Endpoint {
  return { address: c.remoteAddress, port: c.remotePort };
}

export function localEndpoint(c: Connection): Endpoint {
  return { address: c.localAddress, port: c.localPort };
}

/** `name (pid 123)` or `unknown process`. */
export function processLabel(p: ProcessRef | undefined): string {
  return p ? `${p.name} (pid ${p.pid})` : 'unknown process';
}

/** Evidence fields naming a process (slim: its command line is in the report's process list); empty strings / -1 where unknown. */
export function processEvidence(p: ProcessRef | undefined): Record<string, string | number> {
  return {
    processName: p?.name ?? '',
    pid: p?.pid ?? -1,
    exe: p?.exe ?? '',
    user: p?.user ?? '',
  };
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** What a rule says about one detection; `finding()` turns it into the Finding the engine folds. */
export interface FindingParts {
  key: string;
  severity: Finding['severity'];
  title: string;
  description: string;
  /** Left out of the finding when undefined. */
  source?: Endpoint | undefined;
  destination?: Endpoint | undefined;
  /** The process the alert names, if any; left out when undefined. */
  process?: ProcessRef | undefined;
  evidence?: Finding['evidence'];
  /**
   * Adds the process's evidence fields (processEvidence: name, pid, exe, user; empty / -1 when no
   * process is known) after `evidence` (default true); false for findings about no process at all.
   */
  processFields?: boolean;
  /** How many occurrences the finding stands for; left out (the engine counts 1) when undefined. */
  occurrences?: number | undefined;
}

/** A Finding without the boilerplate: absent parts left out, the process's evidence fields added. */
export function finding(parts: FindingParts): Finding {
  const { source, destination, process, evidence = {}, processFields = true, occurrences, ...text } = parts;
  const built: Finding = { ...text, evidence: processFields ? { ...evidence, ...processEvidence(process) } : evidence };
  if (source) built.source = source;
  if (destination) built.destination = destination;
  if (process) built.process = process;
  if (occurrences !== undefined) built.occurrences = occurrences;
  return built;
}

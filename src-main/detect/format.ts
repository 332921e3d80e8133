import { capText } from '../../src-shared/host-text';
import type { Connection, Endpoint, ProcessRef } from '../../src-shared/model';

/**
 * Most UTF-8 bytes of a command line quoted in a description or evidence: alerts carry an excerpt,
 * the report lists each process's command line once (network_state.processes).
 */
export const CMDLINE_EXCERPT_BYTES = 256;

export function cmdlineExcerpt(cmdline: string | undefined): string {
  return capText(cmdline ?? '', CMDLINE_EXCERPT_BYTES);
}

/** `1.2.3.4:80` or `[2001:db8::1]:443`. */
export function endpointText(address: string, port?: number): string {
  if (port === undefined) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
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

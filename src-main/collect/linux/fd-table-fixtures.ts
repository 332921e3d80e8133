// Captured fd listings (src-main/collect/fixtures/fd-tables) as the fd walk's tables, read through
// the walk's own link parsers. Used by the I/O graph's and the shell-path rule's tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyLink, type IoLink } from './fd-io';
import { parseSocketInode } from './fd-links';
import type { FdTable } from './io-graph';

export interface CapturedProcess {
  pid: number;
  ppid: number;
  name: string;
  cmdline: string;
  /** fd → readlink of /proc/<pid>/fd/<fd>. */
  fds: Record<string, string>;
  /** fd → tty-index from fdinfo, for ptmx fds. */
  ttyIndex: Record<string, number>;
  /** fd → `dev:inode` of stdio links that are named FIFOs. */
  fifo: Record<string, string>;
}

export interface CapturedFdTables {
  /** The relay's TCP socket as `ss -tnpH` printed it. */
  ss: string;
  processes: CapturedProcess[];
}

export function loadFdFixture(name: string): CapturedFdTables {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'fd-tables', `${name}.json`), 'utf8')) as CapturedFdTables;
}

export function fdTableOf(p: CapturedProcess): FdTable {
  const io = new Map<number, IoLink>();
  const sockets = new Map<number, number>();
  for (const [fd, link] of Object.entries(p.fds)) {
    const inode = parseSocketInode(link);
    if (inode > 0) {
      sockets.set(inode, Number(fd));
      continue;
    }
    const known = classifyLink(link);
    const fifo = p.fifo[fd];
    if (known === 'ptmx') io.set(Number(fd), { kind: 'ptmx', index: p.ttyIndex[fd] });
    else if (known) io.set(Number(fd), known);
    else if (fifo !== undefined && Number(fd) <= 2) io.set(Number(fd), { kind: 'fifo', id: fifo });
  }
  const stdioSockets = [0, 1, 2].map((fd) => {
    const inode = parseSocketInode(p.fds[String(fd)] ?? '');
    return inode > 0 ? inode : undefined;
  });
  return { pid: p.pid, ppid: p.ppid, io, stdioSockets, sockets: () => sockets };
}

/** The pid holding the relay's TCP socket, from the `ss` line. */
export function ssOwnerPid(ss: string): number {
  const match = /pid=(\d+)/.exec(ss);
  if (!match) throw new Error(`no pid in ${ss}`);
  return Number(match[1]);
}

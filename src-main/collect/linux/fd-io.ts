// What a non-socket fd link says about process-to-process I/O: pipes, pseudo-terminals and (on
// stdio) named FIFOs. The fd walk keeps one IoLink per such fd; io-graph.ts joins them.
import type { ProcFs } from '../io';
import { isGoneError } from '../source';

export type IoLink =
  | { kind: 'pipe'; inode: number }
  /** A pseudo-terminal slave, /dev/pts/N. */
  | { kind: 'pts'; index: number }
  /** A pseudo-terminal master; `index` is N of the slave /dev/pts/N (fdinfo's tty-index), when readable. */
  | { kind: 'ptmx'; index: number | undefined }
  /** A named FIFO on a stdio fd; `id` is its `dev:inode`. */
  | { kind: 'fifo'; id: string };

function bracketedNumber(link: string, prefix: string): number | undefined {
  if (!link.startsWith(prefix) || !link.endsWith(']')) return undefined;
  const digits = link.slice(prefix.length, -1);
  if (!/^\d{1,15}$/.test(digits)) return undefined;
  const value = Number(digits);
  return value > 0 ? value : undefined;
}

/** The link's I/O meaning when it needs no further read: a pipe or a pty slave; `ptmx` when fdinfo must be read. */
export function classifyLink(link: string): IoLink | 'ptmx' | undefined {
  const pipe = bracketedNumber(link, 'pipe:[');
  if (pipe !== undefined) return { kind: 'pipe', inode: pipe };
  if (link === '/dev/ptmx' || link === '/dev/pts/ptmx') return 'ptmx';
  if (link.startsWith('/dev/pts/')) {
    const digits = link.slice('/dev/pts/'.length);
    if (/^\d{1,9}$/.test(digits)) return { kind: 'pts', index: Number(digits) };
  }
  return undefined;
}

/** `tty-index:	N` from /proc/<pid>/fdinfo/<fd> of a ptmx fd (Linux ≥ 4.16). */
export function parseTtyIndex(fdinfo: string): number | undefined {
  const match = /^tty-index:\s*(\d{1,9})\s*$/m.exec(fdinfo);
  return match ? Number(match[1]) : undefined;
}

/** Whether a link may be a named FIFO worth a stat(): an absolute path outside /dev and /proc, on stdio. */
export function mayBeFifo(fd: string, link: string): boolean {
  return (fd === '0' || fd === '1' || fd === '2') && link.startsWith('/') && !link.startsWith('/dev/') && !link.startsWith('/proc/');
}

/**
 * The IoLink of one fd whose link is already read (not a socket), doing the one extra read it may
 * need: fdinfo for a ptmx master, stat() for a path on stdio. Undefined when it joins nothing.
 */
export async function readIoLink(fs: ProcFs, pid: number, fd: string, link: string): Promise<IoLink | undefined> {
  const known = classifyLink(link);
  if (known === 'ptmx') {
    let index: number | undefined;
    if (fs.readFile) {
      try {
        index = parseTtyIndex(await fs.readFile(`/proc/${pid}/fdinfo/${fd}`));
      } catch (err) {
        if (!isGoneError(err)) index = undefined;
      }
    }
    return { kind: 'ptmx', index };
  }
  if (known) return known;
  if (fs.fifoId && mayBeFifo(fd, link)) {
    try {
      const id = await fs.fifoId(`/proc/${pid}/fd/${fd}`);
      if (id !== undefined) return { kind: 'fifo', id };
    } catch {
      // gone or unreadable: not a join we can see
    }
  }
  return undefined;
}

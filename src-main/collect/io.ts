// The real system calls behind the collectors; tests and other platforms can pass their own.
import { execFile } from 'node:child_process';
import { promises as fsp, readFileSync, readlinkSync, readdirSync, statSync } from 'node:fs';
import { createBackgroundReader, readProcFileSync, type BackgroundReader } from './proc-reader';
import type { CommandRunner, FileReader } from './types';

/** Directory and link access the Linux fd walk needs, beside the plain FileReader. */
export interface ProcFs {
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
  /** Size from stat(); for /proc/<pid>/fd Linux ≥ 6.2 reports the number of open fds (older kernels: 0). */
  statSize(path: string): Promise<number>;
  /** The same as readlink() without a promise; the fd walk, which reads thousands of links, uses it when present. */
  readlinkSync?(path: string): string;
  /** A small procfs text file (fdinfo); without it pty masters go unmatched. */
  readFile?(path: string): Promise<string>;
  /** `dev:inode` when the path (followed) is a named FIFO, else undefined. */
  fifoId?(path: string): Promise<string | undefined>;
}

const SOCKET_TABLE = /^\/proc\/net\/(tcp|udp)6?$/;
// Electron's main process runs the window's IPC: there the socket tables (1.5 MB and ~25 ms of
// kernel time for /proc/net/tcp at 10k sockets) are read on a worker thread. Plain Node (the
// CLI, the bench, tests) reads them in place: no thread to start (~25 ms of CPU), no copy.
const offThread = process.versions.electron !== undefined;
let tableReader: BackgroundReader | undefined;

/**
 * The socket tables (/proc/net/{tcp,udp}[6]) are read whole into a reused buffer (see
 * proc-reader.ts). Other procfs files are tiny and generated in memory: a synchronous read takes
 * microseconds, while Node's async path costs a thread-pool round trip per call, and a tick reads
 * hundreds of them. Everything else goes through the thread pool.
 */
export const readTextFile: FileReader = async (path) => {
  if (SOCKET_TABLE.test(path)) return offThread ? (tableReader ??= createBackgroundReader()).read(path) : readProcFileSync(path);
  if (path.startsWith('/proc/')) return readFileSync(path, 'utf8');
  return fsp.readFile(path, 'utf8');
};

/** Synchronous for the same reason: stat and readlink on procfs are microsecond calls. */
export const nodeProcFs: ProcFs = {
  readdir: async (path) => readdirSync(path),
  readlink: async (path) => readlinkSync(path),
  statSize: async (path) => statSync(path).size,
  readlinkSync: (path) => readlinkSync(path),
  readFile: async (path) => readFileSync(path, 'utf8'),
  fifoId: async (path) => {
    const stat = statSync(path);
    return stat.isFIFO() ? `${stat.dev}:${stat.ino}` : undefined;
  },
};

export interface CommandRunnerOptions {
  timeoutMs?: number;
  /** Output limit; `ss -tinH` prints about 400 bytes per connection, so 10k sockets need ~4 MB. */
  maxBuffer?: number;
}

export function createCommandRunner(options: CommandRunnerOptions = {}): CommandRunner {
  const timeout = options.timeoutMs ?? 5000;
  const maxBuffer = options.maxBuffer ?? 64 * 1024 * 1024;
  return (command, args) =>
    new Promise((resolve, reject) => {
      execFile(command, args, { timeout, maxBuffer, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, windowsHide: true }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
}

export const runCommand: CommandRunner = createCommandRunner();

/** Maps items through an async function with at most `limit` calls in flight; keeps order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(limit, items.length); i++) workers.push(worker());
  await Promise.all(workers);
  return results;
}

// What a LinuxCollector is built with: its readers and the switches of each costly source.
import type { ProcessTextOptions } from '../process-text';
import type { ProcFs } from '../io';
import type { CommandRunner, FileReader } from '../types';

export interface LinuxCollectorOptions extends ProcessTextOptions {
  fileReader: FileReader;
  commandRunner: CommandRunner;
  procFs: ProcFs;
  /** Re-read socket-churning processes' socket fds every tick (default true). */
  fdChurnRereads?: boolean;
  /** Full re-walk of each process's fds at least this often (ticks). */
  fdRefreshTicks?: number;
  /** Per-connection byte counters through `ss` (default on). */
  tcpInfo?: boolean;
  /** The I/O graph of pipes, FIFOs, ptys and socketpairs between processes' stdio (default on). */
  ioGraph?: boolean;
  /** Our own uid, to tell "sockets of other users" from races; default process.getuid(). */
  uid?: number;
  /**
   * The TCP tables are re-read only when the kernel's TCP counters moved (see tcp-activity.ts),
   * and at least this often (ms; default 10,000; 0 reads them every tick).
   */
  socketTableMaxAgeMs?: number;
  /** Raw, ping and packet sockets (/proc/net/raw… and packet) with their owners (default on). */
  lowLevelSockets?: boolean;
  /**
   * When no fork, socket or neighbour change happened since the last full collection (quiet-ticks.ts),
   * a tick reuses it for up to this long (ms; default 30,000; 0 collects everything every tick).
   */
  maxQuietMs?: number;
  /** How often the low-level watch looks between ticks (low-level-watch.ts; default 500 ms, 0 = off). */
  lowLevelWatchMs?: number;
}

import type { HostSnapshot } from '../../src-shared/model';

/** Reads a text file; rejects with the Node error (code ENOENT, EACCES …) on failure. */
export type FileReader = (path: string) => Promise<string>;

/** Runs a program without a shell; rejects when it cannot be started (code ENOENT) or exits non-zero. */
export type CommandRunner = (command: string, args: string[]) => Promise<string>;

/** Collects one HostSnapshot per call; never throws: problems become snapshot.coverage entries. */
export interface Collector {
  collect(): Promise<HostSnapshot>;
  /** Releases what collection holds between ticks (the journal follower); a later collect() starts again. */
  close?(): void;
}

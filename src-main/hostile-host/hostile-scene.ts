// Test support for the hostile-host suite: one test file's scene, set up in beforeAll and ended in
// afterAll — a temporary folder holding the report, a listener on the first free known-bad port,
// and the attacker-shaped processes started for it.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BAD_PORTS, listenOnFirstFree, startHostProcess, type HostProcess, type HostProcessOptions } from './host-processes';

export class HostileScene {
  readonly folder: string;
  readonly reportPath: string;
  readonly processes: HostProcess[] = [];
  private listener: { server: Server; port: number } | undefined;

  constructor(folderPrefix: string) {
    this.folder = mkdtempSync(join(tmpdir(), folderPrefix));
    this.reportPath = join(this.folder, 'report.json');
  }

  /** Listens on 127.0.0.1 at the first free port of BAD_PORTS; returns that port. */
  async listen(): Promise<number> {
    this.listener = await listenOnFirstFree(BAD_PORTS);
    return this.listener.port;
  }

  /** Starts a host process that close() stops. */
  async start(source: string, args: readonly string[], options?: HostProcessOptions): Promise<HostProcess> {
    const process = await startHostProcess(source, args, options);
    this.processes.push(process);
    return process;
  }

  /** Stops every process, closes the listener and removes the folder. */
  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    const listener = this.listener;
    if (listener) await new Promise((resolve) => listener.server.close(resolve));
    rmSync(this.folder, { recursive: true, force: true });
  }
}

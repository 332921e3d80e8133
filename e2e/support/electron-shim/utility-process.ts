// utilityProcess.fork for the shim: a Node child process running utility-bootstrap, which gives the
// module the same process.parentPort Electron gives a utility process. Messages are structured clones
// (serialization: 'advanced'), as over Electron's port.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Beside the bundled harness (see e2e/support/build-main-harness.ts). */
const BOOTSTRAP = fileURLToPath(new URL('./utility-bootstrap.mjs', import.meta.url));

export interface ForkOptions {
  env?: NodeJS.ProcessEnv;
  serviceName?: string;
  stdio?: 'inherit' | 'pipe' | 'ignore';
}

export class ShimUtilityProcess extends EventEmitter {
  private readonly child: ChildProcess;

  constructor(
    readonly modulePath: string,
    args: readonly string[],
    options: ForkOptions,
  ) {
    super();
    this.child = fork(BOOTSTRAP, [modulePath, ...args], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: options.env ?? process.env,
    });
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => {
      // Electron reports the waitpid status; for a signal that is 128 + its number, as a shell shows it.
      this.emit('exit', code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  }

  get pid(): number | undefined {
    return this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}

/** Every process forked through the shim, for tests that need the core's pid. */
export const forked: ShimUtilityProcess[] = [];

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: ForkOptions = {}): ShimUtilityProcess {
    const child = new ShimUtilityProcess(modulePath, args, options);
    forked.push(child);
    return child;
  },
};

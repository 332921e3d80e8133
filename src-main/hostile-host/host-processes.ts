// Test support for the hostile-host suite: real attacker-shaped processes on this host (python3
// children that rename themselves, hold sockets or carry huge argv), and the built CLI run under a
// kernel-measured memory peak, optionally with its stderr on a real pseudo-terminal.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

export const CLI_PATH = join(import.meta.dirname, '..', '..', 'out', 'cli', 'netsentinel.js');

/**
 * The real interpreter (not a pyenv-style shim, which would exec it again and lose argv[0]) and its
 * home: with a foreign argv[0] Python cannot find its extension modules (_socket) on its own.
 */
const PYTHON = ((): { executable: string; home: string } | undefined => {
  const found = spawnSync('python3', ['-c', 'import sys; print(sys.executable); print(sys.prefix + ":" + sys.exec_prefix)'], { encoding: 'utf8' });
  const [executable, home] = found.stdout?.trim().split('\n') ?? [];
  return found.status === 0 && executable && home ? { executable, home } : undefined;
})();

/** Why this suite cannot run here (printed by the caller), or undefined. */
export function hostileHostSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux (/proc, PR_SET_NAME)';
  if (!PYTHON) return 'python3 not found; install it with: apt-get install -y python3';
  if (!existsSync(CLI_PATH)) return `${CLI_PATH} is missing; run "npm run build:cli" first`;
  return undefined;
}

export interface HostProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export interface HostProcessOptions {
  /** argv[0] as the kernel records it (what /proc/<pid>/cmdline starts with). */
  argv0?: string;
  /** Text written to /proc/self/comm (the kernel's PR_SET_NAME) before anything else. */
  comm?: string;
}

/**
 * Starts `python3 -c SOURCE ARGS…`; SOURCE must print "ready" once its sockets are open. The comm
 * is set with prctl(PR_SET_NAME) through ctypes, as a hostile program would do it.
 */
export async function startHostProcess(source: string, args: readonly string[], options: HostProcessOptions = {}): Promise<HostProcess> {
  const rename =
    options.comm === undefined ? '' : ['import ctypes, os', 'ctypes.CDLL(None).prctl(15, os.environ["HOSTILE_COMM"].encode("utf-8"), 0, 0, 0)'].join('\n');
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', PYTHONHOME: PYTHON?.home, ...(options.comm !== undefined && { HOSTILE_COMM: options.comm }) };
  const child = spawn(PYTHON?.executable as string, ['-c', `${rename}\n${source}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
    ...(options.argv0 !== undefined && { argv0: options.argv0 }),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`host process exited with ${code}: ${stderr.slice(0, 500)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return {
    pid: child.pid as number,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Python source: opens `count` UDP sockets bound to 127.0.0.1, says ready, then waits. */
export function udpHolderSource(count: number): string {
  return [
    'import socket, time',
    `socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(${count})]`,
    "for s in socks: s.bind(('127.0.0.1', 0))",
    "print('ready', flush=True)",
    'time.sleep(600)',
  ].join('\n');
}

/** Ports the T1571 rule names: a connection to one raises an alert naming its process. */
export const BAD_PORTS: readonly number[] = [4444, 4445, 1337, 31337];

/** A loopback listener on the first free port of `ports`. */
export async function listenOnFirstFree(ports: readonly number[]): Promise<{ server: Server; port: number }> {
  for (const port of ports) {
    const server = createServer((socket) => socket.on('error', () => {}));
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return { server, port };
  }
  throw new Error(`none of ${ports.join(', ')} is free`);
}

/** Python source: connects to 127.0.0.1:<port> (its first argument after -c), says ready, then waits. */
export const CONNECT_SOURCE = [
  'import socket, sys, time',
  "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
  "print('ready', flush=True)",
  'time.sleep(600)',
].join('\n');

/**
 * Runs a command and reports the kernel's peak resident size of it (getrusage RUSAGE_CHILDREN, as
 * /usr/bin/time -v prints it); with `pty`, its stderr is a real terminal whose bytes are returned.
 */
const MEASURED_RUNNER = `
import os, pty, resource, subprocess, sys, threading
use_pty = sys.argv[1] == 'pty'
cmd = sys.argv[2:]
captured = bytearray()
if use_pty:
    master, slave = pty.openpty()
    child = subprocess.Popen(cmd, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    def pump():
        while True:
            try: data = os.read(master, 65536)
            except OSError: return
            if not data: return
            captured.extend(data)
    reader = threading.Thread(target=pump); reader.start()
    code = child.wait(); reader.join(5)
else:
    code = subprocess.call(cmd, stdin=subprocess.DEVNULL)
sys.stderr.buffer.write(b'\\n@@MEASURED ' + str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss).encode() + b'\\n')
sys.stderr.buffer.write(b'@@PTY ' + bytes(captured).hex().encode() + b'\\n')
sys.exit(code)
`;

export interface CliRun {
  code: number | null;
  stdout: string;
  /** What the CLI wrote to stderr (to the terminal, when run on a pty). */
  stderr: string;
  /** Peak resident set size of the CLI process, in kB (ru_maxrss). */
  peakRssKb: number;
}

export function runCli(args: readonly string[], options: { pty?: boolean } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON?.executable as string, ['-c', MEASURED_RUNNER, options.pty ? 'pty' : 'pipe', process.execPath, CLI_PATH, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString();
      const peak = /\n@@MEASURED (\d+)\n/.exec(stderr);
      const pty = /@@PTY ([0-9a-f]*)\n/.exec(stderr);
      const own = peak ? stderr.slice(0, peak.index) : stderr;
      resolve({
        code,
        stdout: Buffer.concat(out).toString(),
        peakRssKb: Number(peak?.[1] ?? Number.NaN),
        stderr: options.pty ? Buffer.from(pty?.[1] ?? '', 'hex').toString() : own,
      });
    });
  });
}

export function readJsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function readJson(path: string): Record<string, any> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
}

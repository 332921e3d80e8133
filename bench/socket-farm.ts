import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A farm of child processes, each holding established loopback TCP pairs (a client socket and the
 * server socket that accepted it) plus one listener, so the host really has thousands of sockets
 * spread over several owners, like a busy desktop.
 */
export interface SocketFarm {
  readonly pids: number[];
  /** Each child's pid and the loopback port it listens on (all its pairs connect to that port). */
  readonly members: { pid: number; port: number }[];
  /** Established pairs currently open across all children. */
  pairs(): number;
  /** TCP sockets the farm holds: 2 per pair plus one listener per child. */
  sockets(): number;
  /** Grows every child to this many pairs (never shrinks); resolves when all are established. */
  growTo(pairsPerChild: number): Promise<void>;
  /** Resets every connection (no TIME_WAIT left behind) and waits for the children to exit. */
  stop(): Promise<void>;
}

export interface SocketFarmOptions {
  processes: number;
  pairsPerChild: number;
  /** The most pairs per child growTo() may ask for later; sizes each child's fd limit (default pairsPerChild). */
  maxPairsPerChild?: number;
  /** Connections opened at once by a child, so the accept backlog never overflows (default 200). */
  connectBatch?: number;
  /** Gives up when the children are not ready by then (default 60 s). */
  readyTimeoutMs?: number;
}

type ChildMessage =
  { type: 'ready'; pairs: number; port: number } | { type: 'progress'; opened: number; accepted: number } | { type: 'error'; message: string };

// Run with `node -e` so the farm works the same from the bundled bench and from vitest (no build step).
// CommonJS on purpose: `-e` evaluates CommonJS unless told otherwise.
const CHILD_SOURCE = String.raw`
const net = require('node:net');
const batchSize = Number(process.argv[1]);
const sockets = new Set();
const serverEnds = new Set();
const clientPorts = new Set(); // local ports of our own clients, to tell our pairs from strangers
let port = 0;
let opened = 0;
const track = (s, set) => { set.add(s); s.on('error', () => {}); s.on('close', () => set.delete(s)); };
// Anything else on this machine may connect to the listener (port scans in other tests); such
// sockets are not counted and are closed, so the farm holds exactly its own pairs.
const server = net.createServer((s) => {
  track(s, serverEnds);
  setTimeout(() => { if (!clientPorts.has(s.remotePort)) s.destroy(); }, 1000).unref();
});
const accepted = () => { let n = 0; for (const s of serverEnds) if (clientPorts.has(s.remotePort)) n += 1; return n; };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function whenAccepted(target) {
  while (accepted() < target) await sleep(5);
}
const connectOne = () => new Promise((resolve, reject) => {
  const c = net.connect({ host: '127.0.0.1', port });
  c.once('connect', () => { c.removeListener('error', reject); clientPorts.add(c.localPort); track(c, sockets); resolve(); });
  c.once('error', reject);
});
async function growTo(target) {
  while (opened < target) {
    const n = Math.min(batchSize, target - opened);
    await Promise.all(Array.from({ length: n }, connectOne));
    opened += n;
    process.send({ type: 'progress', opened, accepted: accepted() });
  }
  await whenAccepted(target);
  process.send({ type: 'ready', pairs: opened, port });
}
function shutdown() {
  for (const s of [...sockets, ...serverEnds]) s.resetAndDestroy();
  server.close();
  setImmediate(() => process.exit(0));
}
process.on('message', (m) => {
  if (m.type === 'grow') growTo(m.pairs).catch((e) => process.send({ type: 'error', message: String(e && e.message || e) }));
  else if (m.type === 'stop') shutdown();
  else if (m.type === 'status') process.send({ type: 'progress', opened, accepted: accepted() });
});
process.on('disconnect', shutdown); // the bench died: do not outlive it
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => { port = server.address().port; process.send({ type: 'ready', pairs: 0, port }); });
`;

// The source travels in the environment so the children's command line stays as short as a real
// program's: every socket's owner (and so the CLI's report) carries that command line.
const CHILD_SOURCE_ENV = 'NETSENTINEL_BENCH_FARM_CHILD';
const CHILD_BOOT = `eval(process.env.${CHILD_SOURCE_ENV})`;
const childEnv = (): NodeJS.ProcessEnv => ({ ...process.env, [CHILD_SOURCE_ENV]: CHILD_SOURCE });

/** The soft RLIMIT_NOFILE children inherit (from /proc/self/limits). */
export function openFilesLimit(limits: string = readFileSync('/proc/self/limits', 'utf8')): { soft: number; hard: number } {
  const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
  const toNumber = (value: string | undefined): number => (value === undefined || value === 'unlimited' ? Infinity : Number(value));
  return { soft: toNumber(match?.[1]), hard: toNumber(match?.[2]) };
}

const FD_HEADROOM = 64; // node's own descriptors (stdio, epoll, IPC, libuv internals)

interface FarmChild {
  process: ChildProcess;
  pid: number;
  pairs: number;
  port: number;
  /** Last progress report while growing, for a useful message when growth stalls. */
  progress: string;
  waiter: { resolve: () => void; reject: (error: Error) => void; target: number } | undefined;
}

function spawnChild(connectBatch: number, fdsNeeded: number): ChildProcess {
  const { soft, hard } = openFilesLimit();
  if (fdsNeeded <= soft) {
    return spawn(process.execPath, ['-e', CHILD_BOOT, String(connectBatch)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: childEnv() });
  }
  if (fdsNeeded > hard) throw new Error(`a child would need ${fdsNeeded} descriptors but the hard limit is ${hard}; use more processes`);
  // Raise the soft limit for this child only; exec keeps the pid (and the IPC channel) the same.
  return spawn('bash', ['-c', `ulimit -n ${fdsNeeded} && exec "$0" -e "$1" "$2"`, process.execPath, CHILD_BOOT, String(connectBatch)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: childEnv(),
  });
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Whatever happens to the bench, no farm child survives it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves once the child holds at least `target` pairs (0: once it has booted). */
function waitFor(child: FarmChild, target: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (child.pairs >= target) resolve();
    else child.waiter = { resolve, reject, target };
  });
}

/** Asks the child to stop (or signals it when IPC is gone); SIGKILL if it has not exited after 5 s. */
function stopChild(child: FarmChild): Promise<void> {
  return new Promise<void>((resolve) => {
    const proc = child.process;
    if (proc.exitCode !== null || proc.signalCode !== null) {
      resolve();
      return;
    }
    const killTimer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    proc.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    if (proc.connected) proc.send({ type: 'stop' });
    else proc.kill('SIGTERM');
  });
}

/** Spawns one farm child sized for `maxPairsPerChild` and tracks its reports (progress, ready, failure, exit). */
function startChild(connectBatch: number, maxPairsPerChild: number): FarmChild {
  const proc = spawnChild(connectBatch, maxPairsPerChild * 2 + FD_HEADROOM);
  liveChildren.add(proc);
  const child: FarmChild = { process: proc, pid: proc.pid ?? -1, pairs: -1, port: 0, progress: 'no report yet', waiter: undefined };
  proc.on('message', (message: ChildMessage) => {
    if (message.type === 'progress') {
      child.progress = `${message.opened} connected, ${message.accepted} accepted`;
    } else if (message.type === 'ready') {
      child.pairs = message.pairs;
      child.port = message.port;
      if (child.waiter && child.pairs >= child.waiter.target) {
        child.waiter.resolve();
        child.waiter = undefined;
      }
    } else {
      child.waiter?.reject(new Error(`socket farm child ${child.pid}: ${message.message}`));
      child.waiter = undefined;
    }
  });
  proc.on('exit', (code, signal) => {
    liveChildren.delete(proc);
    child.waiter?.reject(new Error(`socket farm child ${child.pid} exited (${signal ?? code})`));
    child.waiter = undefined;
  });
  return child;
}

export async function startSocketFarm(options: SocketFarmOptions): Promise<SocketFarm> {
  const connectBatch = options.connectBatch ?? 200;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  installExitHook();
  const children: FarmChild[] = [];
  const maxPairsPerChild = Math.max(options.pairsPerChild, options.maxPairsPerChild ?? 0);

  const stop = async (): Promise<void> => {
    await Promise.all(children.map(stopChild));
  };

  const growTo = async (pairsPerChild: number): Promise<void> => {
    if (pairsPerChild > maxPairsPerChild) {
      throw new Error(`cannot grow to ${pairsPerChild} pairs per child: the children's fd limit was sized for ${maxPairsPerChild}`);
    }
    const ready = Promise.all(children.map((child) => waitFor(child, pairsPerChild)));
    for (const child of children) child.process.send({ type: 'grow', pairs: pairsPerChild });
    try {
      await withTimeout(ready, readyTimeoutMs, `opening ${pairsPerChild} pairs in each of ${children.length} children`);
    } catch (error) {
      // Ask for fresh counts so the message says where each child is stuck.
      for (const child of children) if (child.process.connected) child.process.send({ type: 'status' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stalled = children.filter((child) => child.pairs < pairsPerChild).map((child) => `pid ${child.pid}: ${child.progress}`);
      throw new Error(`${(error as Error).message}${stalled.length ? ` (stalled: ${stalled.join('; ')})` : ''}`);
    }
  };

  try {
    for (let i = 0; i < options.processes; i += 1) children.push(startChild(connectBatch, maxPairsPerChild));
    await withTimeout(Promise.all(children.map((child) => waitFor(child, 0))), readyTimeoutMs, 'starting the socket farm children');
    await growTo(options.pairsPerChild);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    pids: children.map((child) => child.pid),
    members: children.map((child) => ({ pid: child.pid, port: child.port })),
    pairs: () => children.reduce((total, child) => total + Math.max(0, child.pairs), 0),
    sockets: () => children.reduce((total, child) => total + Math.max(0, child.pairs) * 2 + 1, 0),
    growTo,
    stop,
  };
}

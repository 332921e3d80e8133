// The attack lab: network namespaces on a Linux bridge, built and torn down by this module.
//
//   LAN 10.77.0.0/24 (bridge nslab-br0, itself inside namespace nslab-sw so the real host's
//   networking is never touched):
//     nslab-gw 10.77.0.1   nslab-victim 10.77.0.10   nslab-srv1..3 10.77.0.21-23   nslab-attacker 10.77.0.66
//   "Internet" 203.0.113.0/24 (TEST-NET-3), a veth between nslab-gw (203.0.113.1, forwarding)
//   and nslab-ext, which carries every external server address.
import { execFileSync, spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NS_PREFIX = 'nslab-';
export const BRIDGE = 'nslab-br0';

export const NS = {
  switch: 'nslab-sw',
  gw: 'nslab-gw',
  victim: 'nslab-victim',
  srv1: 'nslab-srv1',
  srv2: 'nslab-srv2',
  srv3: 'nslab-srv3',
  attacker: 'nslab-attacker',
  ext: 'nslab-ext',
} as const;
export type LabNs = (typeof NS)[keyof typeof NS];

export const ADDR = {
  gw: '10.77.0.1',
  victim: '10.77.0.10',
  srv: ['10.77.0.21', '10.77.0.22', '10.77.0.23'] as const,
  /** Extra addresses given to srv1 by the multi-address benign scenario. */
  srv1Secondary: ['10.77.0.31', '10.77.0.32'] as const,
  attacker: '10.77.0.66',
  gwExt: '203.0.113.1',
  /** Generic external server: reverse-shell listener, beacon endpoint, upload sink, port 4444. */
  ext: '203.0.113.20',
  tor: '203.0.113.30',
  web: ['203.0.113.40', '203.0.113.41', '203.0.113.42'] as const,
  /** A resolver the victim is not configured to use. */
  foreignDns: '203.0.113.53',
} as const;

/** The configured resolver (victim's /etc/netns/<ns>/resolv.conf). */
export const CONFIGURED_DNS = ADDR.gw;

/** Fixed MACs make ARP evidence readable: 02:77:00:00:00:<last octet>. */
export function labMac(ip: string): string {
  const last = Number(ip.split('.').at(-1));
  return `02:77:00:00:00:${last.toString(16).padStart(2, '0')}`;
}

interface LanHost {
  ns: LabNs;
  ip: string;
  port: string;
}

const LAN_HOSTS: LanHost[] = [
  { ns: NS.gw, ip: ADDR.gw, port: 'p-gw' },
  { ns: NS.victim, ip: ADDR.victim, port: 'p-victim' },
  { ns: NS.srv1, ip: ADDR.srv[0], port: 'p-srv1' },
  { ns: NS.srv2, ip: ADDR.srv[1], port: 'p-srv2' },
  { ns: NS.srv3, ip: ADDR.srv[2], port: 'p-srv3' },
  { ns: NS.attacker, ip: ADDR.attacker, port: 'p-attacker' },
];

const EXT_ADDRESSES = [ADDR.ext, ADDR.tor, ...ADDR.web, ADDR.foreignDns];

const NETNS_ETC = '/etc/netns';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function inNs(ns: string, ...command: string[]): string {
  return execFileSync('ip', ['netns', 'exec', ns, ...command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `the lab needs Linux network namespaces (platform is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'the lab needs root to create network namespaces';
  const probe = `${NS_PREFIX}probe${process.pid}`;
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (added.error) return `cannot run ip (${added.error.message})`;
  if (added.status !== 0) return `ip netns add failed: ${added.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export const INSTALL_LINE = 'apt-get install -y nmap dsniff iproute2';

/** A process started inside a lab namespace; its own process group, so a stop reaches its children. */
export class LabProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout = '';
  stderr = '';

  constructor(
    readonly ns: string,
    readonly command: string[],
    stdio: StdioOptions = 'pipe',
    env?: NodeJS.ProcessEnv,
  ) {
    const [program, ...args] = command;
    if (program === undefined) throw new Error('empty command');
    this.child = spawn('ip', ['netns', 'exec', ns, program, ...args], {
      detached: true,
      stdio,
      env: env ?? process.env,
    });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.stdout = keepTail(this.stdout + d);
    });
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr = keepTail(this.stderr + d);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null)));
      this.child.once('error', () => resolve(null));
    });
    liveProcesses.add(this);
    void this.exited.then(() => liveProcesses.delete(this));
  }

  /** `ip netns exec` execs the command, so this is the command's own pid. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Signals the group, waits up to graceMs for the leader, then SIGKILLs the group: children
   * that ignore the signal (an interactive bash ignores SIGTERM) must not outlive the leader.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
    if (this.running) {
      killGroup(this.pid, signal);
      await Promise.race([this.exited, delay(graceMs)]);
    }
    killGroup(this.pid, 'SIGKILL', false);
    await this.exited;
  }
}

const liveProcesses = new Set<LabProcess>();

function killGroup(pid: number, signal: NodeJS.Signals, orLeader = true): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    if (!orLeader) return;
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

function keepTail(text: string, max = 256_000): string {
  return text.length > max ? text.slice(text.length - max) : text;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Lab {
  /** Scratch folder for copied binaries and reports (removed on teardown). */
  tmp: string;
  run(ns: LabNs, command: string[], env?: NodeJS.ProcessEnv): LabProcess;
  exec(ns: LabNs, ...command: string[]): string;
  teardown(): void;
}

/** The auth log the lab's monitor follows (--auth-log): login daemons of "this host" that log write it (sshd -E). */
export const labAuthLog = (lab: Pick<Lab, 'tmp'>): string => join(lab.tmp, 'auth.log');

/** Removes every nslab-* namespace (killing the processes inside), our /etc/netns entries and tracked processes. */
export function cleanupLab(): void {
  for (const proc of liveProcesses) killGroup(proc.pid, 'SIGKILL');
  liveProcesses.clear();
  for (const ns of labNamespaces()) {
    const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    spawnSync('ip', ['netns', 'del', ns]);
  }
  for (const ns of Object.values(NS)) rmSync(join(NETNS_ETC, ns), { recursive: true, force: true });
  if (existsSync(NETNS_ETC) && readdirSync(NETNS_ETC).length === 0) {
    try {
      rmdirSync(NETNS_ETC);
    } catch {
      /* someone else uses it */
    }
  }
}

export function labNamespaces(): string[] {
  const out = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  return out
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(NS_PREFIX));
}

let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', cleanupLab);
  // Only take over a signal nobody else handles (a test runner may manage its own shutdown).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) > 0) continue;
    process.once(signal, () => {
      cleanupLab();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export function buildLab(): Lab {
  cleanupLab();
  installExitHook();
  try {
    buildTopology();
  } catch (error) {
    cleanupLab();
    throw error;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'nslab-'));
  return {
    tmp,
    run: (ns, command, env) => new LabProcess(ns, command, 'pipe', env),
    exec: (ns, ...command) => inNs(ns, ...command),
    teardown: () => {
      cleanupLab();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

function buildTopology(): void {
  ip('netns', 'add', NS.switch);
  ip('-n', NS.switch, 'link', 'set', 'lo', 'up');
  ip('-n', NS.switch, 'link', 'add', BRIDGE, 'type', 'bridge');
  ip('-n', NS.switch, 'link', 'set', BRIDGE, 'up');

  for (const host of LAN_HOSTS) {
    ip('netns', 'add', host.ns);
    ip('-n', host.ns, 'link', 'set', 'lo', 'up');
    ip('-n', NS.switch, 'link', 'add', host.port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.ns);
    ip('-n', NS.switch, 'link', 'set', host.port, 'master', BRIDGE, 'up');
    ip('-n', host.ns, 'link', 'set', 'eth0', 'address', labMac(host.ip));
    ip('-n', host.ns, 'addr', 'add', `${host.ip}/24`, 'dev', 'eth0');
    ip('-n', host.ns, 'link', 'set', 'eth0', 'up');
    if (host.ns !== NS.gw) ip('-n', host.ns, 'route', 'add', 'default', 'via', ADDR.gw);
  }

  ip('netns', 'add', NS.ext);
  ip('-n', NS.ext, 'link', 'set', 'lo', 'up');
  ip('-n', NS.gw, 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS.ext);
  ip('-n', NS.gw, 'link', 'set', 'eth1', 'address', '02:77:00:00:01:01');
  ip('-n', NS.gw, 'addr', 'add', `${ADDR.gwExt}/24`, 'dev', 'eth1');
  ip('-n', NS.gw, 'link', 'set', 'eth1', 'up');
  ip('-n', NS.ext, 'link', 'set', 'eth0', 'address', '02:77:00:00:01:14');
  for (const address of EXT_ADDRESSES) ip('-n', NS.ext, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
  ip('-n', NS.ext, 'link', 'set', 'eth0', 'up');
  ip('-n', NS.ext, 'route', 'add', 'default', 'via', ADDR.gwExt);
  inNs(NS.gw, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');

  // iproute2 bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf for `ip netns exec`.
  mkdirSync(join(NETNS_ETC, NS.victim), { recursive: true });
  writeFileSync(join(NETNS_ETC, NS.victim, 'resolv.conf'), `# NetSentinel lab\nnameserver ${CONFIGURED_DNS}\n`);
}

/**
 * Destroys the victim's closed-but-lingering TCP sockets (TIME_WAIT lasts 60 s), so the next
 * scenario's monitor does not start with the previous scenario's connections in view.
 * Needs CONFIG_INET_DIAG_DESTROY; where `ss -K` cannot, the leftovers stay (and show up as
 * warm-up alerts, which the runner keeps apart from the scenario's own).
 */
export function drainVictimSockets(): void {
  const states = ['time-wait', 'fin-wait-1', 'fin-wait-2', 'close-wait', 'last-ack', 'closing'];
  spawnSync('ip', ['netns', 'exec', NS.victim, 'ss', '-K', '-tan', ...states.flatMap((s) => ['state', s])], { stdio: 'ignore' });
}

/**
 * The lab namespace a process runs in, 'outside' for any other (the monitor shares the host's
 * pid namespace, so process rules also see processes that have nothing to do with the lab),
 * or undefined when the process is gone (and `remembered`, a NamespaceWatch's, never saw it).
 */
export function namespaceOfPid(pid: number, remembered?: (pid: number) => string | undefined): string | undefined {
  let link: string;
  try {
    link = readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    const last = remembered?.(pid);
    if (last === undefined) return undefined;
    link = last;
  }
  for (const ns of Object.values(NS)) {
    try {
      if (link === `net:[${statSync(join('/run/netns', ns)).ino}]`) return ns;
    } catch {
      /* namespace not mounted */
    }
  }
  return 'outside';
}

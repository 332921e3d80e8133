// The engine and rules on real snapshots of this machine: real sockets, real processes, the real
// collector. (The attack lab in e2e/lab proves the rest across network namespaces.)
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/model';
import { createCollector } from '../collect';
import { createEngine } from './engine';
import { defaultRules } from './rules';

const isLinux = process.platform === 'linux';
const cleanups: (() => void)[] = [];

afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

async function listen(host: string, port = 0): Promise<net.Server> {
  const server = net.createServer((socket) => cleanups.push(() => socket.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  cleanups.push(() => server.close());
  return server;
}

async function connect(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  const socket = net.connect(port, host);
  await new Promise((resolve) => socket.once('connect', resolve));
  cleanups.push(() => socket.destroy());
  return socket;
}

function track(child: ChildProcess): ChildProcess {
  cleanups.push(() => child.kill('SIGKILL'));
  return child;
}

/** Collects until `found` matches an alert (the first tick may miss a process still starting). */
async function alertsUntil(found: (alerts: Alert[]) => boolean, ticks = 4): Promise<Alert[]> {
  const collector = createCollector();
  const engine = createEngine(defaultRules());
  let alerts: Alert[] = [];
  for (let i = 0; i < ticks; i++) {
    engine.evaluate(await collector.collect());
    expect(engine.lastErrors()).toEqual([]);
    alerts = engine.alerts();
    if (found(alerts)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  return alerts;
}

describe.skipIf(!isLinux)('detection on this machine', () => {
  it('flags a real bash whose stdio is a TCP socket as a CRITICAL reverse shell, naming the remote', async () => {
    const server = await listen('127.0.0.1');
    const port = (server.address() as net.AddressInfo).port;
    const socket = await connect(port);
    const shell = track(spawn('bash', ['-i'], { stdio: [socket, socket, socket] }));
    // Only this test's shell: the machine may run other shells on sockets (a remote tool harness).
    const ours = (a: Alert): boolean => a.techniqueId === 'T1059.004' && a.process?.pid === shell.pid;
    const alerts = await alertsUntil((all) => all.some(ours));
    shell.kill('SIGKILL');
    const alert = alerts.find(ours);
    expect(alert).toMatchObject({ severity: 'CRITICAL', process: { pid: shell.pid, name: 'bash' }, destination: { address: '127.0.0.1', port } });
    expect(alert?.evidence.fds).toEqual(['stdin', 'stdout', 'stderr']);
  });

  it('flags a real session to and a listener on port 4444', async () => {
    let server: net.Server;
    try {
      server = await listen('127.0.0.1', 4444);
    } catch (error) {
      console.log(`skipped: port 4444 is taken on this machine (${String(error)})`);
      return;
    }
    expect(server.listening).toBe(true);
    const client = await connect(4444);
    // Other sockets to 4444 (a TIME_WAIT left by an earlier run, another test) may be there too.
    const ours = (a: Alert) => a.techniqueId === 'T1571' && a.source?.port === client.localPort;
    const alerts = await alertsUntil((all) => all.some(ours) && all.some((a) => a.id === 'non-standard-port:listen|tcp|4444'));
    const session = alerts.find(ours);
    expect(session).toMatchObject({ id: `non-standard-port:out|${session?.process?.name}|127.0.0.1:4444`, severity: 'HIGH', process: { pid: process.pid } });
    expect(String(session?.evidence.reason)).toMatch(/Metasploit/);
    const listener = alerts.find((a) => a.id === 'non-standard-port:listen|tcp|4444');
    expect(listener?.process?.pid).toBe(process.pid);
    // The accepting side of our own loopback session is not a second alert.
    expect(alerts.filter((a) => a.id.startsWith('non-standard-port:in|4444|'))).toEqual([]);
  });

  it('flags a process named soffice.bin that starts a shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nsent-spawn-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const office = join(dir, 'soffice.bin');
    copyFileSync('/bin/bash', office);
    // Short-lived on purpose: every monitor on this machine sees this process tree while it lives.
    const parent = track(spawn(office, ['-c', 'sh -c "sleep 5; :"; :'], { stdio: 'ignore', detached: true }));
    const killTree = () => {
      try {
        process.kill(-(parent.pid as number), 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    cleanups.push(killTree);
    const alerts = await alertsUntil((all) => all.some((a) => a.techniqueId === 'T1059'));
    killTree();
    const alert = alerts.find((a) => a.techniqueId === 'T1059');
    expect(alert).toMatchObject({ id: 'suspicious-spawn:soffice.bin|sh', severity: 'CRITICAL', process: { name: 'sh', ppid: parent.pid } });
    expect(alert?.evidence).toMatchObject({ parentName: 'soffice.bin', parentPid: parent.pid, parentCategory: 'office', childKind: 'shell' });
  });
});

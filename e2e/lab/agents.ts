// Starts the lab's small Node programs (e2e/lab/agents/*.mjs) inside a namespace.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADDR, LabProcess, NS, delay, type Lab, type LabNs } from './lab';

const AGENTS_DIR = fileURLToPath(new URL('./agents', import.meta.url));

export type AgentName = 'periodic' | 'tcp-server' | 'dns-server' | 'dns-flood' | 'beacon' | 'upload' | 'sessions' | 'browse' | 'lookups' | 'web-app';

/** The zone DNS-tunnel scenarios query: the configured resolver answers it after a recursion-like delay. */
export const TUNNEL_ZONE = 't.lab-tunnel.example';

/** Starts an agent and waits for its READY line (or its exit, which is an error). */
export async function startAgent(lab: Lab, ns: LabNs, name: AgentName, args: string[], timeoutMs = 8000): Promise<LabProcess> {
  const agent = lab.run(ns, ['node', resolve(AGENTS_DIR, `${name}.mjs`), ...args]);
  const deadline = Date.now() + timeoutMs;
  while (!agent.stdout.includes('READY')) {
    if (!agent.running) throw new Error(`${name} in ${ns} exited: ${agent.stderr.trim()}`);
    if (Date.now() > deadline) {
      await agent.stop('SIGKILL');
      throw new Error(`${name} in ${ns} not ready after ${timeoutMs} ms: ${agent.stderr.trim()}`);
    }
    await delay(25);
  }
  return agent;
}

/** The servers every scenario relies on; they live outside the victim, so the monitor never sees them. */
export async function startLabServices(lab: Lab): Promise<LabProcess[]> {
  const extListeners = [
    `${ADDR.ext}:443=shell`,
    `${ADDR.ext}:8443=http`,
    `${ADDR.ext}:8080=sink`,
    `${ADDR.ext}:4444=hold`,
    `${ADDR.tor}:9001=hold`,
    `${ADDR.tor}:9050=hold`,
    ...ADDR.web.flatMap((web) => [`${web}:443=http`, `${web}:80=files`]),
  ];
  const serverListeners = ['0.0.0.0:22=hold', '0.0.0.0:3389=hold', '0.0.0.0:445=hold', '0.0.0.0:80=http'];
  return Promise.all([
    startAgent(lab, NS.ext, 'tcp-server', ['--name', 'ext', ...extListeners.flatMap((l) => ['--listen', l])]),
    startAgent(lab, NS.ext, 'dns-server', ['--bind', `${ADDR.foreignDns}:53`]),
    startAgent(lab, NS.gw, 'dns-server', ['--bind', `${ADDR.gw}:53`, '--slow-zone', `${TUNNEL_ZONE}:40`]),
    ...[NS.srv1, NS.srv2, NS.srv3].map((ns) => startAgent(lab, ns, 'tcp-server', ['--name', ns, ...serverListeners.flatMap((l) => ['--listen', l])])),
    // The victim's own services, so scans find open ports as well as closed ones.
    startAgent(lab, NS.victim, 'tcp-server', ['--name', 'victim', '--listen', '0.0.0.0:22=hold', '--listen', '0.0.0.0:80=http']),
  ]);
}

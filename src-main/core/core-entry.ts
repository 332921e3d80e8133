// Entry of the core process: Electron main forks it as a utilityProcess (see app/core-child.ts).
// Collectors, the engine and the session run here, so their synchronous /proc reads never block the
// window, menus or IPC. It talks to main only through process.parentPort, with src-shared/core-protocol.
import { hostname } from 'node:os';
import { serveCore } from './core-server';
import { SessionController } from './session-controller';
import { createMonitorSession, enrichmentStatus } from './session-factory';

/** The part of Electron's ParentPort used here (not imported: this process needs nothing from 'electron'). */
interface ParentPort {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  process.stderr.write("netsentinel core: no parent port; this entry runs only as Electron main's utilityProcess\n");
  process.exit(2);
}

serveCore(
  {
    post: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
  },
  new SessionController(createMonitorSession, hostname()),
  process.pid,
  enrichmentStatus,
);

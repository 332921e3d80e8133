#!/usr/bin/env node
// Captures real TickBatches on this machine for the renderer's store tests:
//   node e2e/support/capture-batches.mjs
// Runs a real MonitorSession (bundled like the browser spec does) for three ticks while this process
// holds a loopback connection to a known-bad port (4444), so the batches carry a real T1571 alert.
// A small batch budget (30 kB) keeps the fixture small the way the session itself does it: the first
// batches are truncated and carry the rest of the rows over the next ones. Nothing is edited. The file
// also holds getState's answer after the last batch (a catch-up batch holding every row sent).
import { writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = join(ROOT, 'out/e2e-session-backend');
const FIXTURE = join(ROOT, 'test-fixtures/tick-batches.json');

await build({
  configFile: false,
  root: ROOT,
  logLevel: 'warn',
  build: {
    ssr: join(ROOT, 'e2e/support/session-backend.ts'),
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'session-backend.mjs' } },
  },
});
const { MonitorSession } = await import(pathToFileURL(join(OUT_DIR, 'session-backend.mjs')).href);

const server = createServer((socket) => socket.on('error', () => {}));
await new Promise((resolve, reject) => server.once('error', reject).listen(4444, '127.0.0.1', resolve));
const client = connect(4444, '127.0.0.1');
await new Promise((resolve) => client.once('connect', resolve));

const session = new MonitorSession({ intervalMs: 1000, batchBudgetBytes: 30_000 });
const batches = [];
const done = new Promise((resolve) =>
  session.onBatch((batch) => {
    batches.push(batch);
    if (batches.length === 3) resolve();
  }),
);
await session.start();
await done;
await session.stop();
const catchUp = { status: session.status(), alerts: session.alerts(), lastBatch: session.catchUpBatch() };
client.destroy();
server.close();
await writeFile(FIXTURE, `${JSON.stringify({ batches, catchUp }, null, 1)}\n`);
console.log(`wrote ${batches.length} batches to ${FIXTURE}`);

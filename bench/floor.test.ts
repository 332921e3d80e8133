import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeStartupCpuMs, readProcNetTables } from './floor';

describe('readProcNetTables', () => {
  let server: Server;
  const clients: Socket[] = [];
  beforeAll(async () => {
    server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('grows by one /proc line (~150 bytes) per socket opened', async () => {
    const before = readProcNetTables();
    const port = (server.address() as { port: number }).port;
    for (let i = 0; i < 20; i += 1) {
      const c = connect(port, '127.0.0.1');
      clients.push(c);
      await new Promise((resolve) => c.once('connect', resolve));
    }
    // 20 clients + 20 accepted = 40 more lines; other processes on the machine may open or close a few.
    expect(readProcNetTables() - before).toBeGreaterThan(30 * 140);
  });
});

describe('nodeStartupCpuMs', () => {
  it('measures a real, non-zero start-up cost of node', async () => {
    const ms = await nodeStartupCpuMs(2);
    expect(ms).toBeGreaterThan(10);
    expect(ms).toBeLessThan(5_000);
  });
});

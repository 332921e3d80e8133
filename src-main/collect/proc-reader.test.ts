import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProcNet } from './linux/proc-net';
import { createBackgroundReader } from './proc-reader';

const reader = createBackgroundReader();
afterAll(() => reader.close());

describe.skipIf(process.platform !== 'linux')('background procfs reader', () => {
  it('reads a socket table that shows a listener opened just before', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const [text, again] = await Promise.all([reader.read('/proc/net/tcp'), reader.read('/proc/net/tcp')]);
      expect(text.startsWith('  sl  local_address')).toBe(true);
      expect(again.startsWith('  sl  local_address')).toBe(true);
      expect(parseProcNet(text, 'tcp').sockets.some((s) => s.localPort === port && s.state === 'LISTEN')).toBe(true);
    } finally {
      server.close();
    }
  });

  it('rejects with the file system error code', async () => {
    await expect(reader.read('/proc/net/does-not-exist')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('falls back to reading in place once closed', async () => {
    const closing = createBackgroundReader();
    await closing.read('/proc/net/udp');
    await closing.close();
    expect(await closing.read('/proc/net/udp')).toContain('local_address');
  });
});

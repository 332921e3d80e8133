// Real loopback sockets for the renderer spec; everything stays on 127.0.0.1.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface LoopbackPair {
  port: number;
  server: Server;
  client: Socket;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A listener on the first free port of `ports` (0 = any) and one client connected to it. */
export async function openLoopbackPair(ports: readonly number[]): Promise<LoopbackPair> {
  const accepted: Socket[] = [];
  for (const wanted of ports) {
    const server = createServer((socket) => {
      accepted.push(socket);
      socket.on('error', () => {});
    });
    try {
      await listen(server, wanted);
    } catch {
      continue;
    }
    const port = (server.address() as { port: number }).port;
    const client = connect(port, '127.0.0.1');
    client.on('error', () => {});
    await new Promise<void>((resolve) => client.once('connect', resolve));
    client.write('hello from the renderer spec\n');
    return {
      port,
      server,
      client,
      close: async () => {
        client.destroy();
        for (const socket of accepted) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
  throw new Error(`none of the ports ${ports.join(', ')} is free on 127.0.0.1`);
}

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readTextFile } from '../io';
import { parseProcNet } from './proc-net';
import { LATE_SOCKETS_MIN, SocketTables } from './socket-tables';

describe.skipIf(process.platform !== 'linux')('SocketTables.lateSockets (real /proc/net/tcp)', () => {
  const servers: net.Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  it('reads the TCP tables again for sockets the walk saw and the tick’s tables did not, once there are several', async () => {
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const listed = parseProcNet(await readTextFile('/proc/net/tcp'), 'tcp', [], Date.now()).sockets.find((s) => s.localPort === port);
    const inode = listed?.inode ?? 0;
    expect(inode).toBeGreaterThan(0);
    const tables = new SocketTables(readTextFile, 10_000);
    // Inodes that no table holds stand for sockets already closed again.
    const late = new Set([inode, 1, 2, 3].slice(0, LATE_SOCKETS_MIN));
    expect((await tables.lateSockets(late)).map((s) => [s.localPort, s.state])).toEqual([[port, 'LISTEN']]);
    expect(await tables.lateSockets(new Set([inode]))).toEqual([]); // one stray socket is no reason to read the tables again
  });
});

// Browser-like traffic: a pool of --pool keep-alive connections per server (`--server host:port`,
// repeatable), irregular requests on random connections, occasional reconnects.
import net from 'node:net';
import { endpoint, num, parseArgs, ready, sleep } from './args.mjs';

const flags = parseArgs();
const poolSize = num(flags, 'pool', 6);
const seconds = num(flags, 'seconds', 25);
const servers = (flags.get('server') ?? []).map(endpoint);

function open({ host, port }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

const pools = await Promise.all(
  servers.map(async (server) => ({
    server,
    sockets: await Promise.all(Array.from({ length: poolSize }, () => open(server))),
  })),
);
ready(`browse ${servers.length} servers x ${poolSize}`);
const end = Date.now() + seconds * 1000;
const pages = ['/', '/app.js', '/style.css', '/api/feed', '/img/logo.png', '/fonts/a.woff2'];
while (Date.now() < end) {
  const pool = pools[Math.floor(Math.random() * pools.length)];
  const slot = Math.floor(Math.random() * poolSize);
  if (Math.random() < 0.1) {
    // the browser drops and reopens a pooled connection now and then
    pool.sockets[slot]?.end();
    pool.sockets[slot] = await open(pool.server);
  }
  const burst = 1 + Math.floor(Math.random() * 5);
  for (let i = 0; i < burst; i += 1) {
    const page = pages[Math.floor(Math.random() * pages.length)];
    pool.sockets[slot]?.write(`GET ${page} HTTP/1.1\r\nHost: ${pool.server.host}\r\n\r\n`);
  }
  await sleep(Math.random() < 0.3 ? 1500 + Math.random() * 3000 : 50 + Math.random() * 400);
}
for (const pool of pools) for (const socket of pool.sockets) socket?.end();

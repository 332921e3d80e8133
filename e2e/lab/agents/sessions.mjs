// One process holding TCP sessions to several endpoints: `--to host:port` (repeatable),
// sending a few bytes every --every ms, until --seconds have passed or it is stopped.
import net from 'node:net';
import { endpoint, num, parseArgs, ready, sleep } from './args.mjs';

const flags = parseArgs();
const every = num(flags, 'every', 1000);
const seconds = num(flags, 'seconds', 60);
const opened = await Promise.all(
  (flags.get('to') ?? []).map(
    (text) =>
      new Promise((resolve) => {
        const { host, port } = endpoint(text);
        const socket = net.connect({ host, port });
        socket.on('data', () => {});
        socket.once('connect', () => resolve(socket));
        socket.once('error', (error) => {
          process.stderr.write(`${text}: ${error.message}\n`);
          resolve(undefined);
        });
      }),
  ),
);
const sockets = opened.filter(Boolean);
ready(`sessions ${sockets.length}/${opened.length}`);
const end = Date.now() + seconds * 1000;
while (Date.now() < end) {
  for (const socket of sockets) socket.write('keepalive\n');
  await sleep(every);
}
for (const socket of sockets) socket.end();

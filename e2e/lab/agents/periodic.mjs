// A periodic job: every --every ms (± --jitter ms) one fresh HTTP GET of --path to each --to
// host:port (repeatable), as a metrics scraper or an update checker does. --seconds n
import net from 'node:net';
import { endpoint, num, one, parseArgs, ready, sleep } from './args.mjs';

const flags = parseArgs();
const every = num(flags, 'every', 15_000);
const jitter = num(flags, 'jitter', 0);
const seconds = num(flags, 'seconds', 60);
const path = one(flags, 'path', '/metrics');
const targets = (flags.get('to') ?? []).map(endpoint);

function fetchOnce({ host, port }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(3000, done);
    socket.on('error', done);
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    socket.on('data', () => socket.end());
    socket.on('close', resolve);
  });
}

ready(`periodic ${path} every ${every} ms to ${targets.length} targets`);
const end = Date.now() + seconds * 1000;
let rounds = 0;
while (Date.now() < end) {
  const started = Date.now();
  await Promise.all(targets.map(fetchOnce));
  rounds += 1;
  await sleep(Math.max(0, every + (Math.random() * 2 - 1) * jitter - (Date.now() - started)));
}
process.stdout.write(`DONE rounds=${rounds}\n`);

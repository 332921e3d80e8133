// A C2 beacon: one short HTTP-like TCP connection every --period ms (± --jitter ms) to --target.
// The client closes first, as an implant does after reading its tasking; --hold ms keeps the
// connection open that long first (a check-in over a real network takes a few round trips).
import net from 'node:net';
import { endpoint, num, one, parseArgs, ready, sleep } from './args.mjs';

const flags = parseArgs();
const { host, port } = endpoint(one(flags, 'target'));
const period = num(flags, 'period', 2500);
const jitter = num(flags, 'jitter', 200);
const count = num(flags, 'count', 1000);
const hold = num(flags, 'hold', 0);

function checkIn(seq) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(2000, done);
    socket.on('error', done);
    socket.on('connect', () => socket.write(`GET /tasks?id=lab-implant&seq=${seq} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: Mozilla/5.0\r\n\r\n`));
    socket.on('data', () => setTimeout(() => socket.end(), hold));
    socket.on('close', resolve);
  });
}

ready(`beacon ${host}:${port}`);
for (let seq = 0; seq < count; seq += 1) {
  const started = Date.now();
  await checkIn(seq);
  const wait = period + (Math.random() * 2 - 1) * jitter - (Date.now() - started);
  await sleep(Math.max(0, wait));
}

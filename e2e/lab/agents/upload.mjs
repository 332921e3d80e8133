// A large upload to one endpoint, paced: --target host:port --mb n --rate MB/s; keeps the
// connection open --linger seconds after the last byte.
import net from 'node:net';
import { endpoint, num, one, parseArgs, ready, sleep } from './args.mjs';

const flags = parseArgs();
const { host, port } = endpoint(one(flags, 'target'));
const totalBytes = num(flags, 'mb', 48) * 1024 * 1024;
const bytesPerSecond = num(flags, 'rate', 8) * 1024 * 1024;
const linger = num(flags, 'linger', 5);

const socket = net.connect({ host, port });
await new Promise((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('error', reject);
});
ready(`upload ${host}:${port}`);
const chunk = Buffer.alloc(64 * 1024, 0x41);
const tickMs = 100;
let sent = 0;
while (sent < totalBytes) {
  const started = Date.now();
  let budget = Math.floor(Math.min(bytesPerSecond * (tickMs / 1000), totalBytes - sent));
  while (budget > 0) {
    const piece = budget >= chunk.length ? chunk : chunk.subarray(0, budget);
    if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve));
    sent += piece.length;
    budget -= piece.length;
  }
  await sleep(Math.max(0, tickMs - (Date.now() - started)));
}
process.stdout.write(`SENT ${sent}\n`);
await sleep(linger * 1000);
socket.end();

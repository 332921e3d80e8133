// A small web application: answers HTTP on --listen, and for every request asks its database at
// --backend (one pooled connection, as app servers keep), then replies. `--listen host:port --backend host:port`
import net from 'node:net';
import { endpoint, one, parseArgs, ready } from './args.mjs';

const flags = parseArgs();
const listen = endpoint(one(flags, 'listen'));
const backend = endpoint(one(flags, 'backend'));

const db = net.connect(backend);
const waiting = [];
db.on('data', () => waiting.shift()?.());
await new Promise((resolve, reject) => {
  db.once('connect', resolve);
  db.once('error', reject);
});

const server = net.createServer((socket) => {
  socket.on('error', () => {});
  let pending = '';
  socket.on('data', (data) => {
    pending += data.toString('latin1');
    let end;
    while ((end = pending.indexOf('\n')) >= 0) {
      pending = pending.slice(end + 1);
      waiting.push(() => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
      db.write('SELECT 1;\n');
    }
  });
});
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen({ ...listen, backlog: 128 }, resolve);
});
ready(`web-app ${listen.host}:${listen.port} → ${backend.host}:${backend.port}`);

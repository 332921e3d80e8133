// Lab TCP servers: `--listen host:port=mode` (repeatable).
// Modes: hold (echo, keep open), sink (discard), http (small keep-alive responses),
// shell (drives a reverse shell: sends commands, keeps the session open),
// files (a mirror: `GET /<name>?bytes=N` answers N bytes, at most 8 MB, keep-alive).
import net from 'node:net';
import { endpoint, one, parseArgs, ready } from './args.mjs';

const HANDLERS = {
  hold: (socket) => socket.on('data', (data) => socket.write(data)),
  sink: (socket) => socket.on('data', () => {}),
  http: (socket) => {
    let pending = '';
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      let end;
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        pending = pending.slice(end + 4);
        const body = 'x'.repeat(64 + Math.floor(Math.random() * 512));
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`);
      }
    });
  },
  files: (socket) => {
    let pending = '';
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      let end;
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const size = Math.min(8_000_000, Number(/[?&]bytes=(\d+)/.exec(pending.slice(0, end))?.[1] ?? 1024));
        pending = pending.slice(end + 4);
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`);
        socket.write(Buffer.alloc(size, 0x2e));
      }
    });
  },
  shell: (socket) => {
    socket.write('id\n');
    const timer = setInterval(() => socket.write('uname -a\n'), 2000);
    socket.on('data', () => {});
    socket.on('close', () => clearInterval(timer));
  },
};

const flags = parseArgs();
const servers = [];
for (const spec of flags.get('listen') ?? []) {
  const [address, mode = 'hold'] = spec.split('=');
  const handler = HANDLERS[mode];
  if (!handler) throw new Error(`unknown mode ${mode}`);
  const { host, port } = endpoint(address);
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    handler(socket);
  });
  servers.push(
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, backlog: 1024 }, resolve);
    }),
  );
}
await Promise.all(servers);
ready(one(flags, 'name', 'tcp-server'));

// A lab DNS responder: answers every query with NXDOMAIN. `--bind host[:port]` (repeatable).
import dgram from 'node:dgram';
import { parseArgs, ready } from './args.mjs';

const flags = parseArgs();
const sockets = [];
for (const bind of flags.get('bind') ?? []) {
  const [host, port = '53'] = bind.split(':');
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (query.length < 12) return;
    const reply = Buffer.from(query);
    reply[2] = 0x80 | (query[2] & 0x79); // QR=1, keep opcode and RD
    reply[3] = 0x83; // RA=1, RCODE=NXDOMAIN
    reply.writeUInt32BE(0, 6); // no answer/authority records
    reply.writeUInt16BE(0, 10);
    socket.send(reply, peer.port, peer.address);
  });
  sockets.push(new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(Number(port), host, resolve);
  }));
}
await Promise.all(sockets);
ready('dns-server');

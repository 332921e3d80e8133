// A lab DNS responder: answers every query with NXDOMAIN. `--bind host[:port]` (repeatable).
// `--slow-zone zone:ms` delays answers for names under zone, as a recursive resolver waits for a
// remote authoritative server on names it has never cached (a tunnel's names never are).
import dgram from 'node:dgram';
import { parseArgs, ready } from './args.mjs';

const flags = parseArgs();
const slowZones = (flags.get('slow-zone') ?? []).map((spec) => {
  const [zone, ms = '40'] = spec.split(':');
  return { suffix: zone.toLowerCase(), ms: Number(ms) };
});

/** The query name of a DNS message (labels from offset 12), lower case; '' when malformed. */
function queryName(message) {
  const labels = [];
  for (let at = 12; at < message.length && labels.length < 128;) {
    const length = message[at];
    if (length === 0) return labels.join('.').toLowerCase();
    if (length > 63) return '';
    labels.push(message.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  return '';
}

function answerDelay(query) {
  const name = queryName(query);
  return slowZones.find((zone) => name === zone.suffix || name.endsWith(`.${zone.suffix}`))?.ms ?? 0;
}

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
    const wait = answerDelay(query);
    if (wait > 0) setTimeout(() => socket.send(reply, peer.port, peer.address), wait);
    else socket.send(reply, peer.port, peer.address);
  });
  sockets.push(
    new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(Number(port), host, resolve);
    }),
  );
}
await Promise.all(sockets);
ready('dns-server');

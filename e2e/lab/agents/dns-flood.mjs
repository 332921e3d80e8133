// DNS tunnelling traffic: a steady stream of queries with long random labels to one resolver,
// from one (connected) UDP socket, as tunnelling tools do.
// --server host[:port] --rate queries/s --seconds n --domain zone
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { num, one, parseArgs, ready, sleep } from './args.mjs';

const flags = parseArgs();
const [host, port = '53'] = one(flags, 'server').split(':');
const rate = num(flags, 'rate', 20);
const seconds = num(flags, 'seconds', 30);
const zone = one(flags, 'domain', 't.lab-tunnel.example');

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
function randomLabel(length) {
  return [...randomBytes(length)].map((b) => BASE32[b % 32]).join('');
}

function query(id, name) {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  const labels = name.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]));
  return Buffer.concat([header, ...labels, Buffer.from([0, 0, 16, 0, 1])]); // QTYPE TXT, QCLASS IN
}

const socket = dgram.createSocket('udp4');
let answers = 0;
socket.on('message', () => {
  answers += 1;
});
socket.on('error', () => {});
await new Promise((resolve) => socket.connect(Number(port), host, resolve));
ready(`dns-flood ${host}:${port}`);
const end = Date.now() + seconds * 1000;
for (let id = 1; Date.now() < end; id += 1) {
  const name = `${randomLabel(60)}.${randomLabel(60)}.${randomLabel(40)}.${zone}`;
  socket.send(query(id & 0xffff, name));
  await sleep(1000 / rate);
}
process.stdout.write(`DONE answers=${answers}\n`);
socket.close();

// Ordinary name lookups through the system's configured resolver (/etc/resolv.conf), a few
// names at irregular intervals, as any desktop does. --seconds n
import { Resolver } from 'node:dns/promises';
import { num, parseArgs, ready, sleep } from './args.mjs';

const flags = parseArgs();
const seconds = num(flags, 'seconds', 15);
const names = ['www.example.com', 'mail.example.org', 'updates.example.net', 'cdn.example.com', 'api.example.org'];
const resolver = new Resolver({ timeout: 1000, tries: 1 });
ready(`lookups via ${resolver.getServers().join(',')}`);
const end = Date.now() + seconds * 1000;
let answered = 0;
while (Date.now() < end) {
  const name = names[Math.floor(Math.random() * names.length)];
  await resolver.resolve4(name).catch((error) => {
    if (error.code === 'ENOTFOUND') answered += 1;
  });
  await sleep(300 + Math.random() * 2500);
}
process.stdout.write(`DONE answered=${answered}\n`);

import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseUnixInodes } from './unix-sockets';

describe('parseUnixInodes', () => {
  it('reads inodes from a sample, with and without paths, skipping malformed lines', () => {
    const sample = [
      'Num       RefCount Protocol Flags    Type St Inode Path',
      '0000000000000000: 00000002 00000000 00010000 0001 01 23142 /run/systemd/journal/stdout',
      '0000000000000000: 00000003 00000000 00000000 0001 03 1380811',
      'garbage',
      '',
    ].join('\n');
    expect([...parseUnixInodes(sample)]).toEqual([23142, 1380811]);
  });

  it('finds a live Unix socket of this process in the real /proc/net/unix', async () => {
    const path = `/tmp/ns-unix-${process.pid}.sock`;
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const inodes = parseUnixInodes(readFileSync('/proc/net/unix', 'utf8'));
      const line = readFileSync('/proc/net/unix', 'utf8')
        .split('\n')
        .find((l) => l.endsWith(path));
      expect(line).toBeDefined();
      expect(inodes.has(Number(line?.trim().split(/\s+/)[6]))).toBe(true);
    } finally {
      server.close();
    }
  });
});

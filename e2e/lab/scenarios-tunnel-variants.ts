// Tunnel variants (issue 11, class 5) the first scenarios did not stage: a remote forward
// (ssh -R, the server side drives traffic back through this host) and ncat's --sh-exec relay.
import { startAgent } from './agents';
import { ADDR, NS } from './lab';
import { mentions, stopping } from './scenario-kit';
import type { Scenario } from './scenarios';
import { extListeners, sshTunnel, waitForSocket } from './scenario-kit-net';

export const TUNNEL_VARIANT_SCENARIOS: Scenario[] = [
  {
    id: 'tunnel-ssh-remote-forward',
    title: `ssh -N -R 127.0.0.1:9080:${ADDR.srv[0]}:80: the external side reaches an internal web server back through this host`,
    expected: 'T1572',
    mustName: 'ssh with its remote forward and the server',
    alsoTrue: ['T1090', 'T1571'],
    needs: ['ssh', 'ssh-keygen', '/usr/sbin/sshd', 'curl'],
    windowMs: 15_000,
    stage: sshTunnel(['-R', `127.0.0.1:9080:${ADDR.srv[0]}:80`], (lab) =>
      lab.run(NS.ext, ['bash', '-c', 'while :; do curl -s -m 3 http://127.0.0.1:9080/ > /dev/null; sleep 0.7; done']),
    ),
  },
  {
    id: 'tunnel-ncat-sh-exec',
    title: `ncat -lk 9090 --sh-exec "ncat ${ADDR.ext} 7443": one relay child per client from the attacker`,
    expected: 'T1090',
    mustName: 'ncat, both ends',
    alsoTrue: ['T1571', 'T1059'],
    needs: ['ncat'],
    windowMs: 15_000,
    async stage(lab) {
      const sink = await extListeners(lab, ['7443=hold']);
      const relay = lab.run(NS.victim, ['ncat', '-lk', ADDR.victim, '9090', '--sh-exec', `ncat ${ADDR.ext} 7443`]);
      await waitForSocket(lab, NS.victim, ['-ltn'], ':9090');
      const client = await startAgent(lab, NS.attacker, 'sessions', ['--to', `${ADDR.victim}:9090`, '--seconds', '60']);
      return {
        names: (alert) => alert.techniqueId === 'T1090' && mentions(alert, `${ADDR.ext}:7443`) && mentions(alert, ADDR.attacker),
        stop: stopping(client, relay, sink),
      };
    },
  },
];

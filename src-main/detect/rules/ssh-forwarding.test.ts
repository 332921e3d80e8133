import { describe, expect, it } from 'vitest';
import { allFindings, makeSnapshot, proc, processInfo, runRule, T0, tcp } from '../test-support';
import { parseSshCommand, sshForwardingRule } from './ssh-forwarding';

describe('parseSshCommand', () => {
  it('reads -L, -R, -D and -w, clustered or apart, with or without a space', () => {
    expect(parseSshCommand('ssh -N -L 8080:db.internal:5432 alice@jump.example.com')).toEqual({
      forwards: [{ kind: 'local', spec: '8080:db.internal:5432' }],
      destination: 'alice@jump.example.com',
      gatewayPorts: false,
    });
    expect(parseSshCommand('ssh -fNR2222:localhost:22 -p 443 203.0.113.20').forwards).toEqual([{ kind: 'remote', spec: '2222:localhost:22' }]);
    expect(parseSshCommand('/usr/bin/ssh -gD1080 -i /tmp/k host').forwards).toEqual([{ kind: 'dynamic', spec: '1080' }]);
    expect(parseSshCommand('ssh -g -D 1080 host').gatewayPorts).toBe(true);
    expect(parseSshCommand('ssh -w 0:0 root@vpn').forwards).toEqual([{ kind: 'tun', spec: '0:0' }]);
  });

  it('reads -o forwards with = and with spaces, and ProxyCommand only through relay tools', () => {
    expect(parseSshCommand('ssh -o LocalForward=9000 127.0.0.1:80 -o DynamicForward 1080 host').forwards).toEqual([
      { kind: 'local', spec: '9000 127.0.0.1:80' },
      { kind: 'dynamic', spec: '1080' },
    ]);
    expect(parseSshCommand('ssh -o RemoteForward 8022 localhost:22 host').forwards).toEqual([{ kind: 'remote', spec: '8022 localhost:22' }]);
    expect(parseSshCommand('ssh -o ProxyCommand=nc -X 5 -x 10.0.0.5:1080 %h %p target').forwards[0]?.kind).toBe('proxy-command');
    expect(parseSshCommand('ssh -o ProxyCommand=/usr/lib/sss/bin/sss_ssh_knownhostsproxy target').forwards).toEqual([]);
  });

  it("stops at the destination: options of the remote command are not ssh's", () => {
    expect(parseSshCommand('ssh host ssh -L 1:2:3 other')).toEqual({ forwards: [], destination: 'host', gatewayPorts: false });
    expect(parseSshCommand('ssh -J bastion -l bob host uptime').forwards).toEqual([]);
  });
});

describe('ssh-forwarding rule (T1572)', () => {
  const ssh = (pid: number, cmdline: string, name = 'ssh') => processInfo(pid, 100, name, { cmdline });

  it('reports -R as HIGH with the server it tunnels through, once per process', () => {
    const p = ssh(500, 'ssh -fN -R 2222:localhost:22 op@203.0.113.20');
    const server = tcp('192.168.1.10:40022', '203.0.113.20:22', { process: proc(500, 'ssh') });
    const snap = makeSnapshot({ processes: [p], connections: [server] });
    const ticks = runRule(sshForwardingRule(), [snap, { ...snap, time: T0 + 1000 }]);
    expect(ticks.map((t) => t.length)).toEqual([1, 0]);
    expect(ticks[0]?.[0]).toMatchObject({
      severity: 'HIGH',
      destination: { address: '203.0.113.20', port: 22 },
      process: { pid: 500, name: 'ssh' },
      evidence: { forwards: ['remote 2222:localhost:22'], server: '203.0.113.20:22', destinationArg: 'op@203.0.113.20' },
    });
  });

  it('rates -L and -D MEDIUM on loopback and HIGH when bound to every interface', () => {
    const findings = allFindings(sshForwardingRule(), [
      makeSnapshot({
        processes: [
          ssh(1, 'ssh -L 8080:intranet:80 jump'),
          ssh(2, 'ssh -D 127.0.0.1:1080 jump'),
          ssh(3, 'ssh -L 0.0.0.0:3389:10.0.0.5:3389 jump'),
          ssh(4, 'dbclient -g -D 1080 jump', 'dbclient'),
          ssh(5, 'ssh -W %h:%p bastion'),
        ],
      }),
    ]);
    expect(findings.map((f) => [f.process?.pid, f.severity])).toEqual([
      [1, 'MEDIUM'],
      [2, 'MEDIUM'],
      [3, 'HIGH'],
      [4, 'HIGH'],
      [5, 'LOW'],
    ]);
    expect(findings[1]?.evidence.socksProxy).toBe(true);
    expect(findings[0]?.evidence.server).toBe('jump');
  });

  it('ignores plain ssh sessions, other programs and processes without a command line', () => {
    const findings = allFindings(sshForwardingRule(), [
      makeSnapshot({
        processes: [
          ssh(1, 'ssh alice@server'),
          ssh(2, 'ssh -J bastion -p 2222 host'),
          processInfo(3, 1, 'curl', { cmdline: 'curl -L http://x' }),
          processInfo(4, 1, 'ssh', { cmdline: undefined }),
        ],
      }),
    ]);
    expect(findings).toEqual([]);
  });

  it('reports again when a pid is reused by another tunnel', () => {
    const first = makeSnapshot({ processes: [ssh(7, 'ssh -L 1:a:1 h')] });
    const gone = makeSnapshot({ time: T0 + 1000 });
    const again = makeSnapshot({ time: T0 + 2000, processes: [ssh(7, 'ssh -L 1:a:1 h')] });
    expect(runRule(sshForwardingRule(), [first, gone, again]).map((t) => t.length)).toEqual([1, 0, 1]);
  });

  it('reports an ssh client that listens with no forwarding option (forwards from ssh_config / -F) by its listeners', () => {
    const p = ssh(700, 'ssh -F /tmp/cfg -N lab');
    const plain = ssh(701, 'ssh -F /tmp/cfg lab uptime');
    const server = tcp('10.77.0.10:40030', '203.0.113.20:2222', { process: proc(700, 'ssh') });
    const listen = (address: string, port: number, pid: number) => ({
      protocol: 'tcp' as const,
      family: 4 as const,
      address,
      port,
      inode: port,
      process: proc(pid, 'ssh'),
    });
    const loopbackOnly = makeSnapshot({ processes: [p, plain], connections: [server], listening: [listen('127.0.0.1', 8023, 700)] });
    const findings = allFindings(sshForwardingRule(), [loopbackOnly]);
    expect(findings.map((f) => [f.process?.pid, f.severity, f.evidence.forwards])).toEqual([[700, 'MEDIUM', ['listening 127.0.0.1:8023']]]);
    expect(findings[0]?.description).toContain('ssh_config');
    expect(findings[0]?.destination).toEqual({ address: '203.0.113.20', port: 2222 });
    const wide = makeSnapshot({ processes: [p], connections: [server], listening: [listen('0.0.0.0', 1080, 700)] });
    expect(allFindings(sshForwardingRule(), [wide])[0]?.severity).toBe('HIGH');
    const none = makeSnapshot({ processes: [p], connections: [server] });
    expect(allFindings(sshForwardingRule(), [none])).toEqual([]);
  });
});

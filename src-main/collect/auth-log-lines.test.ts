import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOGIN_USER_MAX, parseAuthLine, type ParsedLogin } from './auth-log-lines';

// Captured on this machine: hydra against OpenSSH 9.2 (with PAM) and dropbear 2022.83 on loopback,
// one unknown user, one accepted password each, through rsyslogd; and OpenSSH's own `-E` file.
const fixture = (name: string): string[] => readFileSync(join(__dirname, 'fixtures', name), 'utf8').split('\n');

function tally(lines: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const login = parseAuthLine(line);
    if (!login) continue;
    const key = `${login.daemon} ${login.outcome} ${login.user ?? '-'} ${login.address}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('parseAuthLine on captured logs', () => {
  it('reads every failure, unknown user and acceptance of a syslog auth.log, and nothing from PAM, useradd or session lines', () => {
    expect(tally(fixture('auth-log-syslog.txt'))).toEqual({
      'sshd failed root 127.0.0.1': 24,
      'sshd invalid-user nosuchuser 127.0.0.1': 1,
      'sshd accepted nscapuser 127.0.0.1': 1,
      'dropbear failed root 127.0.0.1': 30,
      'dropbear accepted nscapuser 127.0.0.1': 1,
    });
  });

  it('reads an sshd -E file, which has no syslog header', () => {
    expect(tally(fixture('auth-log-sshd-stderr.txt'))).toEqual({ 'sshd failed root 127.0.0.1': 24, 'sshd invalid-user nosuchuser 127.0.0.1': 1 });
  });

  it('keeps the port of each attempt', () => {
    const line = '2026-12-07T18:11:08.127396+00:00 vm sshd[27972]: Failed password for root from 10.77.0.66 port 45272 ssh2';
    expect(parseAuthLine(line)).toEqual<ParsedLogin>({ outcome: 'failed', daemon: 'sshd', user: 'root', address: '10.77.0.66', port: 45272 });
  });
});

describe('parseAuthLine on other forms', () => {
  it('reads BSD time stamps, sshd-session tags, publickey failures with key trailers and invalid users', () => {
    expect(
      parseAuthLine('Dec  7 18:11:08 web1 sshd-session[901]: Failed publickey for git from 2001:db8::7 port 50122 ssh2: ED25519 SHA256:abc'),
    ).toMatchObject({
      outcome: 'failed',
      daemon: 'sshd',
      user: 'git',
      address: '2001:db8::7',
    });
    expect(parseAuthLine('Dec  7 18:11:08 web1 sshd[901]: Failed password for invalid user oracle from ::ffff:192.0.2.9 port 4 ssh2')).toMatchObject({
      outcome: 'failed',
      user: 'oracle',
      address: '192.0.2.9',
    });
    expect(parseAuthLine("2026-12-07T18:11:06+00:00 h dropbear[27989]: Bad password attempt for 'admin' from 2001:db8::9:35232")).toMatchObject({
      daemon: 'dropbear',
      address: '2001:db8::9',
      port: 35232,
    });
  });

  it("takes the address from the daemon's trailer, not from a user name built to look like one", () => {
    const forged = 'Dec  7 18:11:08 web1 sshd[901]: Failed password for invalid user x from 192.0.2.1 port 22 ssh2 from 198.51.100.7 port 5000 ssh2';
    expect(parseAuthLine(forged)).toMatchObject({ address: '198.51.100.7', port: 5000, user: 'x from 192.0.2.1 port 22 ssh2' });
  });

  it('reads a headerless (sshd -E) line whose user name holds ": " as a login, not as another program\'s line', () => {
    expect(parseAuthLine('Invalid user x: y from 192.0.2.3 port 5\r')).toMatchObject({ outcome: 'invalid-user', user: 'x: y', address: '192.0.2.3' });
  });

  it('sanitises and cuts the user name', () => {
    const login = parseAuthLine(`Invalid user \u001b[31m${'a'.repeat(300)} from 192.0.2.1 port 4`);
    expect(login?.user).toHaveLength(LOGIN_USER_MAX);
    expect(login?.user?.startsWith('\\x1b[31m')).toBe(true);
  });

  it('ignores other programs, lines without an IP address and out-of-range ports', () => {
    expect(parseAuthLine('2026-12-07T18:11:08+00:00 vm logger[5]: Failed password for root from 192.0.2.1 port 4 ssh2')).toBeUndefined();
    expect(parseAuthLine('2026-12-07T18:11:08+00:00 vm sshd[5]: Failed password for root from evil.example port 4 ssh2')).toBeUndefined();
    expect(parseAuthLine('Failed password for root from 192.0.2.1 port 70000 ssh2')).toBeUndefined();
    expect(parseAuthLine('2026-12-07T18:11:08+00:00 vm sshd[5]: pam_unix(sshd:auth): authentication failure; rhost=192.0.2.1 user=root')).toBeUndefined();
    expect(parseAuthLine('')).toBeUndefined();
  });
});

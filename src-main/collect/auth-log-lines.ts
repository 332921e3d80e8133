// One auth-log line → the login outcome it records, for OpenSSH and dropbear, whether the line came
// through syslog ("… sshd[812]: Failed password …") or straight from the daemon (`sshd -E file`).
// Peers choose the user names in these lines: the address is taken from the daemon's own trailer
// (the last " from ADDRESS port N"), checked to be an IP, and the name is sanitised and cut.
import type { LoginEvent } from '../../src-shared/model';
import { normalizeIp } from '../../src-shared/net';
import { sanitizeText } from '../../src-shared/sanitize';

export type ParsedLogin = Omit<LoginEvent, 'at'>;

/** Longest user name kept; OpenSSH itself logs at most 100 characters of it. */
export const LOGIN_USER_MAX = 64;

/** A syslog file's header: an ISO or BSD time stamp, the host, then the program's tag (`sshd[812]: `). */
const SYSLOG_HEADER = /^(?:\d{4}-\d\d-\d\dT\S+|\w{3} +\d+ \d\d:\d\d:\d\d) \S+ ([^\s[:]+)(?:\[\d+\])?: /;
const LOGIN_DAEMONS: Record<string, ParsedLogin['daemon']> = { sshd: 'sshd', 'sshd-session': 'sshd', 'sshd-auth': 'sshd', dropbear: 'dropbear' };

// OpenSSH (auth.c, auth2.c): "Failed password for [invalid user ]NAME from ADDR port N ssh2[: KEY]".
const OPENSSH_FAILED =
  /(?:^|: )Failed (?:password|publickey|keyboard-interactive\/pam|keyboard-interactive|none|hostbased|gssapi-with-mic) for (?:invalid user )?(.*) from (\S+) port (\d+)(?: ssh2)?(?:: .*)?$/;
const OPENSSH_ACCEPTED =
  /(?:^|: )Accepted (?:password|publickey|keyboard-interactive\/pam|keyboard-interactive|hostbased|gssapi-with-mic) for (.*) from (\S+) port (\d+)(?: ssh2)?(?:: .*)?$/;
const OPENSSH_INVALID_USER = /(?:^|: )Invalid user (.*) from (\S+) port (\d+)$/;
// dropbear (svr-authpasswd.c, svr-authpubkey.c): the user in quotes, then ADDR:PORT.
const DROPBEAR_FAILED = /(?:^|: )Bad password attempt for '(.*)' from (\S+):(\d+)$/;
const DROPBEAR_ACCEPTED = /(?:^|: )(?:Password|Pubkey) auth succeeded for '(.*?)'(?: with .*)? from (\S+):(\d+)$/;

function userName(raw: string): string | undefined {
  const user = sanitizeText(raw.slice(0, LOGIN_USER_MAX * 4)).slice(0, LOGIN_USER_MAX);
  return user === '' ? undefined : user;
}

function login(outcome: ParsedLogin['outcome'], daemon: ParsedLogin['daemon'], user: string, address: string, port: string): ParsedLogin | undefined {
  // A bracketed IPv6 literal or an IPv4-mapped one still names one address.
  const ip = normalizeIp(address.replace(/^\[(.*)\]$/, '$1').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1'));
  const portNumber = Number(port);
  if (ip === null || !Number.isInteger(portNumber) || portNumber > 65_535) return undefined;
  const parsed: ParsedLogin = { outcome, daemon, address: ip, port: portNumber };
  const name = userName(user);
  if (name !== undefined) parsed.user = name;
  return parsed;
}

/** The login outcome a line records, or undefined for every other line (session, PAM, connection notices). */
export function parseAuthLine(rawLine: string): ParsedLogin | undefined {
  // OpenSSH ends the lines it writes itself (-E) with CR LF.
  const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
  const program = SYSLOG_HEADER.exec(line)?.[1];
  // A line of another program's (a syslog file holds them all) is not read as a login, whatever it says;
  // a line with no header comes straight from the daemon (`sshd -E`) and its wording says which.
  const daemon = program === undefined ? undefined : LOGIN_DAEMONS[program];
  if (program !== undefined && daemon === undefined) return undefined;
  if (daemon !== 'dropbear') {
    let m = OPENSSH_FAILED.exec(line);
    if (m) return login('failed', 'sshd', m[1] ?? '', m[2] ?? '', m[3] ?? '');
    m = OPENSSH_ACCEPTED.exec(line);
    if (m) return login('accepted', 'sshd', m[1] ?? '', m[2] ?? '', m[3] ?? '');
    m = OPENSSH_INVALID_USER.exec(line);
    if (m) return login('invalid-user', 'sshd', m[1] ?? '', m[2] ?? '', m[3] ?? '');
  }
  if (daemon !== 'sshd') {
    let m = DROPBEAR_FAILED.exec(line);
    if (m) return login('failed', 'dropbear', m[1] ?? '', m[2] ?? '', m[3] ?? '');
    m = DROPBEAR_ACCEPTED.exec(line);
    if (m) return login('accepted', 'dropbear', m[1] ?? '', m[2] ?? '', m[3] ?? '');
  }
  return undefined;
}

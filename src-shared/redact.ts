// Masks secrets people put on command lines (passwords, tokens, API keys, credentials in URLs and
// Authorization headers), which would otherwise land in reports, the NDJSON stream and the UI.
// Works on whitespace-separated words (argv joined by spaces) with linear scans only: the command
// line is attacker-chosen and may be megabytes long.

export const REDACTED = '[redacted]';

/** Option names whose value is a secret (matched as a substring of the lower-cased name). */
const SECRET_NAME_PARTS = [
  'password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'api_key', 'api-key',
  'access_key', 'access-key', 'private_key', 'private-key', 'credential', 'client_secret',
];
/** Short names that are secrets only when they are the whole name. */
const SECRET_NAMES_EXACT = new Set(['pass', 'pwd', 'pw', 'key', 'auth', 'sig', 'signature']);

export function isSecretName(rawName: string): boolean {
  const name = rawName.replace(/^-+/, '').toLowerCase();
  if (name === '') return false;
  return SECRET_NAMES_EXACT.has(name) || SECRET_NAME_PARTS.some((part) => name.includes(part));
}

/** Per program (argv[0]'s base name): short options whose value is a password. */
const PROGRAM_SECRET_FLAGS: Readonly<Record<string, { separate: readonly string[]; attached: readonly string[]; userColonPass?: readonly string[] }>> = {
  sshpass: { separate: ['-p'], attached: ['-p'] },
  // mysql's `-p value` prompts and takes `value` as the database; only `-pSECRET` carries a password.
  mysql: { separate: [], attached: ['-p'] },
  mysqldump: { separate: [], attached: ['-p'] },
  mysqladmin: { separate: [], attached: ['-p'] },
  mariadb: { separate: [], attached: ['-p'] },
  'mariadb-dump': { separate: [], attached: ['-p'] },
  'redis-cli': { separate: ['-a'], attached: [] },
  curl: { separate: [], attached: [], userColonPass: ['-u', '--user', '--proxy-user', '-U'] },
  wget: { separate: ['--password', '--http-password', '--ftp-password', '--proxy-password'], attached: [] },
  smbclient: { separate: [], attached: [], userColonPass: ['-U', '--user'] },
};

function programOf(words: readonly string[]): string {
  const first = words[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1);
}

/** `user:secret` → `user:[redacted]`; curl and smbclient (`user%secret`) take a password this way. */
function maskAfterSeparator(word: string): string {
  const at = word.search(/[:%]/);
  return at < 0 ? word : `${word.slice(0, at + 1)}${REDACTED}`;
}

/** `scheme://user:secret@host` → `scheme://user:[redacted]@host`, for every URL in the word. */
export function maskUrlCredentials(word: string): string {
  let out = '';
  let from = 0;
  for (let scheme = word.indexOf('://'); scheme >= 0; scheme = word.indexOf('://', from)) {
    const authorityStart = scheme + 3;
    let authorityEnd = authorityStart;
    while (authorityEnd < word.length && !'/?#'.includes(word[authorityEnd] as string)) authorityEnd++;
    // Only the authority is searched, so each character is looked at a bounded number of times.
    const authority = word.slice(authorityStart, authorityEnd);
    const atInAuthority = authority.lastIndexOf('@');
    const colonInAuthority = authority.indexOf(':');
    const at = atInAuthority < 0 ? -1 : authorityStart + atInAuthority;
    const colon = colonInAuthority < 0 ? -1 : authorityStart + colonInAuthority;
    if (at >= authorityStart && colon >= 0 && colon < at) {
      out += `${word.slice(from, colon + 1)}${REDACTED}`;
      from = at;
    } else {
      out += word.slice(from, authorityEnd);
      from = authorityEnd;
    }
  }
  return out + word.slice(from);
}

/** `name=value` pairs inside one word (options, query strings, `a=1&token=x`); names are bounded so matching stays linear. */
const PAIR = /(^|[?&;,])([A-Za-z0-9_.-]{1,64})=([^&;,]*)/g;

function maskPairs(word: string): string {
  if (!word.includes('=')) return word;
  return word.replace(PAIR, (whole, lead: string, name: string, value: string) =>
    (value !== '' && isSecretName(name) ? `${lead}${name}=${REDACTED}` : whole));
}

function isAuthorizationWord(word: string): boolean {
  return word.toLowerCase().replace(/^["']/, '') === 'authorization:';
}

const AUTH_SCHEMES = new Set(['basic', 'bearer', 'digest', 'token', 'negotiate', 'ntlm', 'apikey']);

/** Which words after `index` hold a secret value, by what the word at `index` says. */
function secretWordsAfter(words: readonly string[], index: number, program: string): number[] {
  const word = words[index] as string;
  const lower = word.toLowerCase().replace(/^["']/, '');
  const next = words[index + 1];
  if (isAuthorizationWord(word)) {
    return next !== undefined && AUTH_SCHEMES.has(next.toLowerCase()) ? [index + 2] : [index + 1];
  }
  if (lower === 'bearer' && index > 0 && !isAuthorizationWord(words[index - 1] as string)) return [index + 1];
  const flags = PROGRAM_SECRET_FLAGS[program];
  if (flags?.separate.includes(word)) return [index + 1];
  if (word.startsWith('-') && !word.includes('=') && isSecretName(word) && next !== undefined && !next.startsWith('-')) return [index + 1];
  return [];
}

function maskWord(word: string, program: string): string {
  const flags = PROGRAM_SECRET_FLAGS[program];
  const attached = flags?.attached.find((flag) => word.startsWith(flag) && word.length > flag.length && !word.startsWith('--'));
  if (attached) return `${attached}${REDACTED}`;
  const lower = word.toLowerCase();
  if (lower.startsWith('authorization:') && word.length > 'authorization:'.length) return `${word.slice(0, 'authorization:'.length)}${REDACTED}`;
  return maskPairs(maskUrlCredentials(word));
}

/**
 * The command line with secrets replaced by `[redacted]`: `--password=…`, `--password …`,
 * `token=…`/`api_key=…` pairs (also inside URLs), `-pSECRET` for mysql, `-p SECRET` for sshpass,
 * `-a` for redis-cli, `-u user:pass` for curl, `Authorization: …` headers, `Bearer …`, and
 * `scheme://user:pass@` URLs. Whitespace between words is kept as it was.
 */
export function redactCommandLine(commandLine: string): string {
  const parts = commandLine.split(/(\s+)/);
  const words = parts.filter((_, i) => i % 2 === 0);
  const program = programOf(words);
  const secret = new Set<number>();
  const userColonPass = new Set<number>();
  words.forEach((word, index) => {
    for (const target of secretWordsAfter(words, index, program)) secret.add(target);
    if (PROGRAM_SECRET_FLAGS[program]?.userColonPass?.includes(word)) userColonPass.add(index + 1);
  });
  const masked = words.map((word, index) => {
    if (index > 0 && secret.has(index) && word !== '') return REDACTED;
    if (userColonPass.has(index)) return maskAfterSeparator(word);
    return maskWord(word, program);
  });
  return parts.map((part, i) => (i % 2 === 0 ? (masked[i / 2] as string) : part)).join('');
}

// Masks secrets people put on command lines (passwords, tokens, API keys, credentials in URLs and
// Authorization headers), which would otherwise land in reports, the NDJSON stream and the UI.
// Works on whitespace-separated words (argv joined by spaces) with linear scans only: the command
// line is attacker-chosen and may be megabytes long. Per-program options are in redact-tools.ts.
import { programsOf, toolSecrets, type ToolSecrets } from './redact-tools';

export const REDACTED = '[redacted]';

/** Option names whose value is a secret (matched as a substring of the lower-cased name). */
const SECRET_NAME_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'access_key',
  'access-key',
  'private_key',
  'private-key',
  'credential',
  'client_secret',
];
/** Short names that are secrets only when they are the whole name. */
const SECRET_NAMES_EXACT = new Set(['pass', 'pwd', 'pw', 'key', 'auth', 'sig', 'signature', 'cookie']);
/** …or the last part of a longer name (`MYSQL_PWD`, `--db-pass`, `smtp.pass`; not `--pass-through`). */
const SECRET_LAST_PARTS = new Set(['pass', 'pwd', 'pw', 'passwd']);
/** Names that point at a secret rather than hold it (`--password-file`, `--token-path`, `--password-stdin`). */
const POINTER_SUFFIX = /[-_.](file|path|dir|fd|stdin|env|prompt|length|len|policy|command|cmd|helper|type|mode|ttl|expiry|url|name|jar)$/;

export function isSecretName(rawName: string): boolean {
  const name = rawName.replace(/^-+/, '').toLowerCase();
  if (name === '' || POINTER_SUFFIX.test(name)) return false;
  if (SECRET_NAMES_EXACT.has(name) || SECRET_NAME_PARTS.some((part) => name.includes(part))) return true;
  const last = name.slice(Math.max(name.lastIndexOf('_'), name.lastIndexOf('-'), name.lastIndexOf('.')) + 1);
  return last !== name && SECRET_LAST_PARTS.has(last);
}

/** `user:secret` → `user:[redacted]`; curl (`:`), smbclient (`user%secret`) and lftp (`user,secret`). */
function maskAfterSeparator(word: string): string {
  const at = word.search(/[:%,]/);
  return at < 0 ? word : `${word.slice(0, at + 1)}${REDACTED}`;
}

/** `corp/bob:secret@10.0.0.5` → `corp/bob:[redacted]@10.0.0.5` (impacket targets). */
function maskUserPassAt(word: string): string {
  const at = word.lastIndexOf('@');
  const colon = word.indexOf(':');
  return colon >= 0 && at > colon ? `${word.slice(0, colon + 1)}${REDACTED}${word.slice(at)}` : word;
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

/**
 * `name=value` and `name:value` pairs inside one word: options, query strings (`a=1&pwd=x`), env-style
 * assignments (`PGPASSWORD=x`), `pass:x` (openssl) and JSON (`{"password":"x"}`). Names are bounded
 * so matching stays linear.
 */
const PAIR = /(^|[?&;,{])(["']?)([A-Za-z0-9_.-]{1,64})\2([=:])(["']?)([^&;,"'}]*)/g;

function maskPairs(word: string): string {
  if (!word.includes('=') && !word.includes(':')) return word;
  return word.replace(PAIR, (whole, lead: string, quote: string, name: string, sign: string, valueQuote: string, value: string) =>
    value !== '' && !value.startsWith('//') && isSecretName(name) ? `${lead}${quote}${name}${quote}${sign}${valueQuote}${REDACTED}` : whole,
  );
}

/** Tokens recognisable by their shape wherever they appear (GitHub, GitLab, Slack, OpenAI, Vault, npm, PyPI, Google, JWTs). */
const TOKEN_SHAPE = new RegExp(
  '^(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abeprs]-[A-Za-z0-9-]{10,}' +
    '|sk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{32,}|hvs\\.[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{30,}|pypi-[A-Za-z0-9_-]{30,}' +
    '|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})$',
);

function maskTokenShapes(word: string): string {
  // Each run of token characters is tested once, anchored: linear in the word.
  return word.replace(/[A-Za-z0-9_.-]{20,}/g, (run) => (TOKEN_SHAPE.test(run) ? REDACTED : run));
}

const unquoted = (word: string): string => word.toLowerCase().replace(/^["']/, '');
const isAuthorizationWord = (word: string): boolean => unquoted(word) === 'authorization:';
/** `X-Api-Key:`, `Private-Token:`, `password:`: a header or YAML-style name whose value is the next word. */
const isSecretHeaderWord = (word: string): boolean => word.length > 1 && word.endsWith(':') && isSecretName(unquoted(word).slice(0, -1));

const AUTH_SCHEMES = new Set(['basic', 'bearer', 'digest', 'token', 'negotiate', 'ntlm', 'apikey']);
/** `aws configure set aws_secret_access_key VALUE`, `npm config set //host/:_authToken VALUE`. */
const SETTERS = new Set(['set', 'config']);

/** Which words after `index` hold a secret value, by what the word at `index` says. */
function secretWordsAfter(words: readonly string[], index: number, tool: ToolSecrets | undefined): number[] {
  const word = words[index] as string;
  const next = words[index + 1];
  if (isAuthorizationWord(word) || (isSecretHeaderWord(word) && next !== undefined)) {
    return next !== undefined && AUTH_SCHEMES.has(next.toLowerCase()) ? [index + 2] : [index + 1];
  }
  if (unquoted(word) === 'bearer' && index > 0 && !isAuthorizationWord(words[index - 1] as string)) return [index + 1];
  if (tool?.separate?.includes(word) || tool?.bare?.includes(word)) return next !== undefined && !next.startsWith('-') ? [index + 1] : [];
  const plain = next !== undefined && !next.startsWith('-');
  const attachedValue = tool?.attached?.some((flag) => word.startsWith(flag) && word !== flag) === true;
  if (word.startsWith('-') && !word.includes('=') && !attachedValue && isSecretName(word) && plain) return [index + 1];
  if (index > 0 && SETTERS.has(words[index - 1] as string) && !word.startsWith('-') && isSecretName(word) && plain) return [index + 1];
  return [];
}

function maskWord(word: string, tool: ToolSecrets | undefined): string {
  const attached = tool?.attached?.find((flag) => word.startsWith(flag) && word.length > flag.length && !word.startsWith('--'));
  if (attached) return `${attached}${REDACTED}`;
  const userPass = tool?.userColonPassAttached?.find((flag) => word.startsWith(flag) && word.length > flag.length);
  if (userPass) return `${userPass}${maskAfterSeparator(word.slice(userPass.length))}`;
  if (tool?.userPassAt && !word.startsWith('-') && word.includes('@')) return maskUserPassAt(word);
  const lower = word.toLowerCase();
  if (lower.startsWith('authorization:') && word.length > 'authorization:'.length) return `${word.slice(0, 'authorization:'.length)}${REDACTED}`;
  return maskTokenShapes(maskPairs(maskUrlCredentials(word)));
}

/** Index → what to do with that word, from the options and subcommands before it. */
function markWords(
  words: readonly string[],
  tools: readonly (ToolSecrets | undefined)[],
  programs: readonly string[],
): { secret: Set<number>; userColonPass: Set<number> } {
  const secret = new Set<number>();
  const userColonPass = new Set<number>();
  let armed = false;
  let awaitingArgument = false;
  words.forEach((word, index) => {
    if (index > 0 && programs[index] !== programs[index - 1]) armed = false;
    const tool = tools[index];
    if (tool?.after !== undefined && word === tool.after && !armed) {
      armed = true;
      awaitingArgument = tool.firstArgument === true;
      return;
    }
    const active = tool && (tool.after === undefined || armed) ? tool : undefined;
    if (awaitingArgument && !word.startsWith('-')) {
      awaitingArgument = false;
      if (!word.includes('=')) secret.add(index);
    }
    for (const target of secretWordsAfter(words, index, active)) secret.add(target);
    if (active?.userColonPass?.includes(word)) userColonPass.add(index + 1);
  });
  return { secret, userColonPass };
}

/**
 * The command line with secrets replaced by `[redacted]`: `--password=…`, `--password …`, `--pass …`,
 * `token=`/`pwd=`/`PGPASSWORD=`/`"password":` pairs (also inside URLs and JSON), per-tool short options
 * (`mysql -p…`, `sshpass -p`, `ldapsearch -w`, `zip -P`, `docker login -p` …, see redact-tools.ts),
 * `-u user:pass` for curl, `Authorization: …` and secret-named headers, `Bearer …`, `scheme://user:pass@`
 * URLs and tokens known by their shape. Whitespace between words is kept as it was.
 */
export function redactCommandLine(commandLine: string): string {
  const parts = commandLine.split(/(\s+)/);
  const words = parts.filter((_, i) => i % 2 === 0);
  const programs = programsOf(words);
  const known = new Map<string, ToolSecrets | undefined>();
  const tools = programs.map((program) => {
    if (!known.has(program)) known.set(program, toolSecrets(program));
    return known.get(program);
  });
  const { secret, userColonPass } = markWords(words, tools, programs);
  const masked = words.map((word, index) => {
    if (index > 0 && secret.has(index) && word !== '') return REDACTED;
    if (userColonPass.has(index)) return maskAfterSeparator(word);
    return maskWord(word, tools[index]);
  });
  return parts.map((part, i) => (i % 2 === 0 ? (masked[i / 2] as string) : part)).join('');
}

// Which program each word of a command line belongs to, and the options through which known programs
// take a password or key. A short option is a secret only for the tool that defines it: `-p` is a
// password to sshpass but a flag to ls, grep and ssh, so unknown programs keep their short options.

/** How one program takes a secret on its command line. */
export interface ToolSecrets {
  /** Options whose next word is the secret (`sshpass -p SECRET`). */
  readonly separate?: readonly string[];
  /** Options with the secret attached (`mysql -pSECRET`, `xfreerdp /p:SECRET`). */
  readonly attached?: readonly string[];
  /** Options whose next word is `user:secret` (curl), `user%secret` (smbclient) or `user,secret` (lftp). */
  readonly userColonPass?: readonly string[];
  /** The same with the value attached (`curl -ubob:SECRET`, `--user=bob:SECRET`). */
  readonly userColonPassAttached?: readonly string[];
  /** The options above apply only after this subcommand (`docker login -p SECRET`). */
  readonly after?: string;
  /** Bare words whose next word is the secret (`mysqladmin password NEW`). */
  readonly bare?: readonly string[];
  /** The first plain argument after `after` is the secret (`vault login TOKEN`). */
  readonly firstArgument?: boolean;
  /** The target is `[domain/]user:secret@host` (impacket's examples). */
  readonly userPassAt?: boolean;
}

/**
 * mysql's own parser reads `-p value` as "prompt, then database `value`", but people who type
 * `mysql -p secret` mean a password: masking a database name is the cheaper mistake.
 */
const MYSQL: ToolSecrets = { separate: ['-p'], attached: ['-p'] };
const LDAP: ToolSecrets = { separate: ['-w'], attached: ['-w'] };
const SAMBA: ToolSecrets = { userColonPass: ['-U', '--user'], userColonPassAttached: ['-U', '--user='] };
const MONGO: ToolSecrets = { separate: ['-p'] };
const MOSQUITTO: ToolSecrets = { separate: ['-P'] };
const SEVEN_ZIP: ToolSecrets = { attached: ['-p'] };
const MSSQL: ToolSecrets = { separate: ['-P'], attached: ['-P'] };
const FREERDP: ToolSecrets = { attached: ['/p:', '/pth:'] };
const WINDOWS_LOGIN: ToolSecrets = { separate: ['-p', '-H'] };
const IMPACKET: ToolSecrets = { userPassAt: true, separate: ['-hashes'] };
const REGISTRY_LOGIN: ToolSecrets = { after: 'login', separate: ['-p'] };
const SNMP: ToolSecrets = { separate: ['-A', '-X', '-c'], attached: ['-A', '-X', '-c'] };

const TOOLS: Readonly<Record<string, ToolSecrets>> = {
  sshpass: { separate: ['-p'], attached: ['-p'] },
  ...Object.fromEntries(
    ['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlshow', 'mysqlcheck', 'mysqlsh', 'mariadb', 'mariadb-dump', 'mariadb-admin'].map((name) => [
      name,
      name === 'mysqladmin' || name === 'mariadb-admin' ? { ...MYSQL, bare: ['password'] } : MYSQL,
    ]),
  ),
  'redis-cli': { separate: ['-a'] },
  curl: { userColonPass: ['-u', '--user', '--proxy-user', '-U'], userColonPassAttached: ['-u', '-U', '--user=', '--proxy-user='] },
  lftp: { userColonPass: ['-u', '--user'] },
  ...Object.fromEntries(['smbclient', 'rpcclient', 'smbcacls', 'smbget', 'smbtree', 'net'].map((name) => [name, SAMBA])),
  ...Object.fromEntries(
    ['ldapsearch', 'ldapadd', 'ldapmodify', 'ldapdelete', 'ldapmodrdn', 'ldapwhoami', 'ldapcompare', 'ldapexop'].map((name) => [name, LDAP]),
  ),
  ldappasswd: { separate: ['-w', '-s'], attached: ['-w', '-s'] },
  ...Object.fromEntries(['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport', 'mongostat', 'mongotop'].map((name) => [name, MONGO])),
  ...Object.fromEntries(['mosquitto_pub', 'mosquitto_sub', 'mosquitto_rr'].map((name) => [name, MOSQUITTO])),
  zip: { separate: ['-P'] },
  unzip: { separate: ['-P'] },
  ...Object.fromEntries(['7z', '7za', '7zr', '7zz', 'rar', 'unrar'].map((name) => [name, SEVEN_ZIP])),
  ...Object.fromEntries(['sqlcmd', 'bcp', 'osql'].map((name) => [name, MSSQL])),
  ipmitool: { separate: ['-P'] },
  rdesktop: { separate: ['-p'] },
  ...Object.fromEntries(['xfreerdp', 'xfreerdp3', 'wlfreerdp', 'sdl-freerdp', 'sdl-freerdp3'].map((name) => [name, FREERDP])),
  ...Object.fromEntries(['evil-winrm', 'crackmapexec', 'cme', 'netexec', 'nxc', 'hydra', 'medusa', 'smbmap'].map((name) => [name, WINDOWS_LOGIN])),
  ...Object.fromEntries(
    ['psexec', 'wmiexec', 'smbexec', 'atexec', 'dcomexec', 'secretsdump', 'GetUserSPNs', 'GetNPUsers', 'getTGT', 'getST', 'smbclient.py', 'mssqlclient'].map(
      (name) => [name, IMPACKET],
    ),
  ),
  openssl: { separate: ['-k'] },
  'ssh-keygen': { separate: ['-N', '-P'] },
  useradd: { separate: ['-p'] },
  usermod: { separate: ['-p'] },
  ...Object.fromEntries(['docker', 'podman', 'nerdctl', 'buildah', 'helm'].map((name) => [name, REGISTRY_LOGIN])),
  vault: { after: 'login', firstArgument: true },
  ...Object.fromEntries(['snmpwalk', 'snmpbulkwalk', 'snmpget', 'snmpgetnext', 'snmpbulkget', 'snmpset', 'snmptable', 'snmptrap'].map((name) => [name, SNMP])),
};

/** The tool's secret options; `impacket-psexec` and `psexec.py` are psexec. */
export function toolSecrets(program: string): ToolSecrets | undefined {
  return TOOLS[program] ?? TOOLS[program.replace(/\.py$/, '').replace(/^impacket-/, '')];
}

/** Programs that run the next program of the line: the secrets are that one's. */
const WRAPPERS = new Set([
  'sudo',
  'doas',
  'env',
  'nohup',
  'exec',
  'time',
  'nice',
  'ionice',
  'timeout',
  'stdbuf',
  'setsid',
  'xargs',
  'watch',
  'chrt',
  'taskset',
  'runuser',
  'unbuffer',
  'proxychains',
  'proxychains4',
  'torsocks',
  'strace',
  'ltrace',
]);
/** Wrapper options whose value is the next word (`sudo -u root`, `timeout -s KILL`). */
const WRAPPER_VALUE_OPTIONS = new Set(['-u', '-g', '-s', '-I', '-W', '-X', '-C', '-U', '-h', '-p', '-n', '-o', '-e']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'busybox', 'fish']);
const SEPARATORS = new Set([';', '&&', '||', '|', '&', '|&']);

export const baseName = (word: string): string => word.slice(word.lastIndexOf('/') + 1);
const isWrapper = (name: string): boolean => WRAPPERS.has(name) || /^python[0-9.]*$/.test(name);
const isAssignment = (word: string): boolean => /^[A-Za-z_][A-Za-z0-9_]{0,63}=/.test(word);

/**
 * The program each word belongs to: argv[0] past wrappers (`sudo -u root mysql …`, `env X=1 psql`,
 * `python3 psexec.py`), again after a shell's `-c` and after `;`, `&&`, `||` and `|`.
 */
export function programsOf(words: readonly string[]): string[] {
  const programs: string[] = [];
  let program = '';
  let seeking = true;
  let previous = '';
  for (const word of words) {
    const name = baseName(word);
    if (seeking) {
      const skipped =
        word === '' ||
        isWrapper(name) ||
        word.startsWith('-') ||
        isAssignment(word) ||
        /^\d+[smhd]?$/.test(word) ||
        (WRAPPER_VALUE_OPTIONS.has(previous) && toolSecrets(name) === undefined);
      if (!skipped) {
        program = name;
        seeking = false;
      }
    } else if (SEPARATORS.has(word) || (word === '-c' && SHELLS.has(program))) {
      seeking = true;
    }
    programs.push(program);
    if (!seeking && word.length > 1 && word.endsWith(';')) seeking = true;
    previous = word;
  }
  return programs;
}

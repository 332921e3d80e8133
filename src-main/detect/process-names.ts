// Process-name families shared by the spawning and reverse-shell rules (Linux, macOS, Windows).
import { rememberBounded } from '../../src-shared/bounded-map';

/** Distinct names remembered by baseName (process names and exe paths up to 256 characters; attacker-chosen, so bounded). */
const BASE_NAME_CACHE_LIMIT = 8192;
const baseNames = new Map<string, string>();

/** Lower case, path and `.exe` removed: `C:\\Windows\\System32\\CMD.EXE` → `cmd`. Every rule asks it for every process each tick, so answers are remembered. */
export function baseName(name: string): string {
  const known = baseNames.get(name);
  if (known !== undefined) return known;
  const last = name.split(/[\\/]/).pop() ?? name;
  const base = last
    .trim()
    .toLowerCase()
    .replace(/\.exe$/, '');
  if (name.length <= 256) rememberBounded(baseNames, name, base, BASE_NAME_CACHE_LIMIT);
  return base;
}

export const SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'mksh',
  'fish',
  'csh',
  'tcsh',
  'ash',
  'busybox',
  'rbash',
  'cmd',
  'powershell',
  'pwsh',
  'powershell_ise',
]);

export const INTERPRETERS = new Set([
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'php',
  'lua',
  'tclsh',
  'wish',
  'osascript',
  'node',
  'nodejs',
  'deno',
  'bun',
  'awk',
  'gawk',
  'jjs',
  'wscript',
  'cscript',
  'mshta',
  'rundll32',
  'regsvr32',
  'msbuild',
  'installutil',
  'wmic',
  'scriptrunner',
]);

/** Versioned interpreter names such as python3.11, perl5.36, php8.2, ruby3.1. */
const VERSIONED_INTERPRETER = /^(python|perl|php|ruby|lua)\d+(\.\d+)*$/;

export const NETWORK_TOOLS = new Set([
  'nc',
  'ncat',
  'netcat',
  'nc.openbsd',
  'nc.traditional',
  'socat',
  'telnet',
  'curl',
  'wget',
  'certutil',
  'bitsadmin',
  'ftp',
  'tftp',
  'scp',
  'sftp',
  'invoke-webrequest',
]);

/** Web browsers and their helper processes (comm names are cut at 15 characters). */
export const BROWSERS: readonly string[] = [
  'chrome',
  'chromium',
  'chromium-browse',
  'chromium-browser',
  'google-chrome',
  'google chrome',
  'firefox',
  'firefox-bin',
  'firefox-esr',
  'geckomain',
  'librewolf',
  'waterfox',
  'msedge',
  'microsoft-edge',
  'microsoft edge',
  'iexplore',
  'safari',
  'opera',
  'brave',
  'brave-browser',
  'vivaldi',
  'vivaldi-bin',
  'epiphany',
  'falkon',
  'webkitnetworkp',
  'webkitwebproces',
  'qtwebengineproc',
  'web content',
  'isolated web co',
  'socket process',
];

export function isShell(name: string): boolean {
  return SHELLS.has(baseName(name));
}

export function isInterpreter(name: string): boolean {
  const base = baseName(name);
  return INTERPRETERS.has(base) || VERSIONED_INTERPRETER.test(base);
}

export function isShellOrInterpreter(name: string): boolean {
  return isShell(name) || isInterpreter(name);
}

export function isNetworkTool(name: string): boolean {
  return NETWORK_TOOLS.has(baseName(name));
}

// Whether an interpreter takes its commands from stdin (so whoever feeds stdin is driving it), or
// from its command line / a script file (so stdin is only data). Worked out from argv alone.
import { baseName, isShell } from './process-names';

/** Script names that are stdin under another name. */
const STDIN_NAMES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

interface Family {
  /** Options whose argument is the program itself (code on the command line). */
  codeOptions: Set<string>;
  /** Options that force reading commands from stdin (interactive, `-s`). */
  stdinOptions: Set<string>;
  /** Options that take the next argument as their value. */
  valueOptions: Set<string>;
  /** The code option that names an installed module rather than code (`python3 -m`). */
  moduleOption?: string;
}

export type CodeSource = { kind: 'stdin' } | { kind: 'inline' } | { kind: 'module' } | { kind: 'file'; path: string };

const SHELL: Family = {
  codeOptions: new Set(['c']),
  stdinOptions: new Set(['i', 's']),
  valueOptions: new Set(['o', 'O', '+o', '+O', '--rcfile', '--init-file']),
};

const FAMILIES: Record<string, Family> = {
  python: { codeOptions: new Set(['c', 'm']), stdinOptions: new Set(['i']), valueOptions: new Set(['W', 'X', '--check-hash-based-pycs']), moduleOption: 'm' },
  perl: { codeOptions: new Set(['e', 'E']), stdinOptions: new Set([]), valueOptions: new Set(['I', 'M', 'm', 'x', 'C', 'd', 'D', 'l', '0']) },
  ruby: { codeOptions: new Set(['e']), stdinOptions: new Set([]), valueOptions: new Set(['I', 'r', 'C', 'E', 'x']) },
  php: { codeOptions: new Set(['r', 'R', 'B', 'E', 'F', 'S']), stdinOptions: new Set(['a']), valueOptions: new Set(['c', 'd', 'z', 't']) },
  node: {
    codeOptions: new Set(['e', 'p', '--eval', '--print']),
    stdinOptions: new Set(['i', '--interactive']),
    valueOptions: new Set(['r', '--require', '--import', '--loader', '--input-type']),
  },
  lua: { codeOptions: new Set(['e']), stdinOptions: new Set(['i']), valueOptions: new Set(['l']) },
};

/** Multi-call binaries: `busybox sh -i` runs the applet named by argv[1]. */
const MULTI_CALL = new Set(['busybox', 'toybox']);
/** Applets of those binaries that are shells. */
const SHELL_APPLETS = new Set(['sh', 'ash', 'hush', 'bash', 'msh']);

/**
 * The program and argv that really run: `busybox sh -i` is the shell `sh -i`, `busybox nc …` is
 * not an interpreter at all (undefined).
 */
function appletOf(name: string, argv: string[]): { name: string; argv: string[] } | undefined {
  if (!MULTI_CALL.has(baseName(name))) return { name, argv };
  if (argv.length === 0) return { name: 'sh', argv }; // an unknown command line: as for any shell
  const applet = argv[1];
  return applet !== undefined && SHELL_APPLETS.has(baseName(applet)) ? { name: applet, argv: argv.slice(1) } : undefined;
}

function familyOf(name: string): Family | undefined {
  if (isShell(name)) return SHELL;
  const base = baseName(name).replace(/\d+(\.\d+)*$/, '');
  if (base === 'nodejs' || base === 'deno' || base === 'bun') return FAMILIES.node;
  return FAMILIES[base];
}

/** `-lc` → ['l', 'c']; `--eval` → ['--eval']; `+o` stays whole. */
function optionLetters(arg: string): string[] {
  if (arg.startsWith('--')) return [arg.split('=')[0] ?? arg];
  if (arg === '+o' || arg === '+O') return [arg];
  return [...arg.slice(1)];
}

/** One option argument, letter by letter: the first letter that decides, decides. */
function readOption(family: Family, letters: string[], hasAttachedValue: boolean): 'stdin' | 'code' | 'module' | 'value-next' | 'none' {
  for (let k = 0; k < letters.length; k++) {
    const letter = letters[k] as string;
    if (family.stdinOptions.has(letter)) return 'stdin';
    if (family.codeOptions.has(letter)) return family.moduleOption === letter ? 'module' : 'code';
    // `-W error` takes the next argument; in `-Werror` or `--require=x` the rest is the value.
    if (family.valueOptions.has(letter)) return k === letters.length - 1 && !hasAttachedValue ? 'value-next' : 'none';
  }
  return 'none';
}

/**
 * Where a shell or interpreter takes its program from: stdin (`sh`, `bash -i`, `python3 -`),
 * inline code (`-c`, `-e`, `-r`), an installed module (`python3 -m pip`) or a script file. Not an
 * interpreter (awk, `busybox nc`): undefined. An unknown command line (empty, unreadable) counts
 * as stdin, since argv is what an attacker controls least here.
 */
export function codeSource(name: string, cmdline: string | undefined): CodeSource | undefined {
  const program = appletOf(
    name,
    (cmdline ?? '').split(' ').filter((a) => a.length > 0),
  );
  const family = program && familyOf(program.name);
  if (!program || !family) return undefined;
  const argv = program.argv;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (STDIN_NAMES.has(arg)) return { kind: 'stdin' };
    if (arg === '--') {
      const next = argv[i + 1];
      return next === undefined || STDIN_NAMES.has(next) ? { kind: 'stdin' } : { kind: 'file', path: next };
    }
    if (!arg.startsWith('-') && !arg.startsWith('+')) return { kind: 'file', path: arg };
    const verdict = readOption(family, optionLetters(arg), arg.includes('='));
    if (verdict === 'stdin') return { kind: 'stdin' };
    if (verdict === 'code' || verdict === 'module') return { kind: verdict === 'code' ? 'inline' : 'module' };
    if (verdict === 'value-next') i++;
  }
  return { kind: 'stdin' };
}

/**
 * True when the program reads its commands from stdin: a shell or interpreter run with no script
 * and no inline code (`sh`, `bash -i`, `python3`, `perl`, `sh -s`, `python3 -`), or interactive.
 * awk and other programs whose code is always an argument: false.
 */
export function readsCodeFromStdin(name: string, cmdline: string | undefined): boolean {
  return codeSource(name, cmdline)?.kind === 'stdin';
}

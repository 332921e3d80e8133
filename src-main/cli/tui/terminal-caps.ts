// What the terminal can show: colour (NO_COLOR, https://no-color.org) and Unicode (the locale).

export interface TerminalCaps {
  /** False when NO_COLOR is set to anything non-empty, or TERM is "dumb". */
  color: boolean;
  /** False when the locale's character set is not UTF-8 (LC_ALL, then LC_CTYPE, then LANG). */
  unicode: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The locale that decides the character set, in POSIX precedence; empty means the "C" locale. */
function effectiveLocale(env: Env): string {
  return env.LC_ALL || env.LC_CTYPE || env.LANG || '';
}

export function terminalCaps(env: Env): TerminalCaps {
  const noColor = (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb';
  return { color: !noColor, unicode: /utf-?8/i.test(effectiveLocale(env)) };
}

// The dashboard owns the terminal while it runs: alternate screen on, cursor hidden. Every way out
// (normal end, q, Ctrl+C, SIGTERM, an exception, process.exit) gives it back as it was.
import ansiEscapes from 'ansi-escapes';

export interface TerminalLease {
  /** Leaves the alternate screen, shows the cursor, ends raw mode; safe to call more than once. */
  restore(): void;
}

interface Tty {
  write(text: string): unknown;
}

interface RawInput {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?: (on: boolean) => unknown;
}

export function takeOverTerminal(output: Tty, input: RawInput = process.stdin): TerminalLease {
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    process.removeListener('exit', restore);
    // Writes to a terminal are synchronous in Node, so this also lands from an 'exit' handler.
    output.write(ansiEscapes.exitAlternativeScreen + ansiEscapes.cursorShow);
    if (input.isTTY && input.isRaw) input.setRawMode?.(false);
  };
  process.on('exit', restore);
  output.write(ansiEscapes.enterAlternativeScreen + ansiEscapes.cursorHide + ansiEscapes.clearScreen);
  return { restore };
}

// A real terminal for the dashboard test: one tmux server per test on its own socket.
import { execFileSync, spawnSync } from 'node:child_process';

export const TMUX_INSTALL_LINE = 'apt-get install -y tmux';

export function tmuxUnavailableReason(): string | undefined {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'tmux is not installed';
}

/** SGR parameters that set a colour: 30-38 / 40-48 (38;5 and 38;2 included), 90-97 / 100-107. */
export function colourCodes(ansi: string): string[] {
  const found: string[] = [];
  for (const match of ansi.matchAll(/\x1b\[([0-9;:]*)m/g)) {
    const params = (match[1] ?? '').split(/[;:]/).map(Number);
    for (let i = 0; i < params.length; i++) {
      const p = params[i] as number;
      if ((p >= 30 && p <= 37) || (p >= 40 && p <= 47) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107)) found.push(String(p));
      if (p === 38 || p === 48) {
        found.push(match[0]);
        break;
      }
    }
  }
  return found;
}

export class TmuxTerminal {
  readonly socket: string;

  constructor(
    label: string,
    private readonly size: { columns: number; rows: number },
  ) {
    this.socket = `ns-tui-${process.pid}-${label}`;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** Starts `command` (a shell line) in a detached session of exactly this size. */
  start(command: string): void {
    this.tmux('new-session', '-d', '-x', String(this.size.columns), '-y', String(this.size.rows), command);
    this.tmux('set-option', '-g', 'remain-on-exit', 'on');
  }

  /** The visible screen as text; with escapes (`capture-pane -e`) when asked. */
  capture(withEscapes = false): string {
    return this.tmux('capture-pane', '-p', ...(withEscapes ? ['-e'] : []));
  }

  display(format: string): string {
    return this.tmux('display', '-p', format).trim();
  }

  sendKeys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  async waitForScreen(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.capture();
      if (pattern.test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the screen never matched ${pattern} within ${timeoutMs} ms; last screen:\n${screen}`);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

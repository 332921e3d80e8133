// The terminal dashboard in a real terminal: the built CLI inside tmux, a real process connecting to
// a known-bad port on a loopback listener, the alert read off the screen, `q`, the report on disk
// and the terminal given back. Run: npx playwright test --project tui   (needs: apt-get install -y tmux)
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_PATH, ensureCliBuilt } from '../support/cli-build';
import { TMUX_INSTALL_LINE, TmuxTerminal, colourCodes, tmuxUnavailableReason } from './tmux';

const SCREENS_DIR = fileURLToPath(new URL('../../test-results/tui', import.meta.url));
const unavailable = tmuxUnavailableReason();

/**
 * Ports the product must call known bad (Metasploit's 4444 and 4445, Back Orifice's 31337): the
 * first free one is used, since another suite may hold 4444 at the same time.
 */
const BAD_PORTS = [4444, 4445, 31337];

/** A loopback listener on the first free port of BAD_PORTS. */
async function listenOnKnownBadPort(): Promise<{ server: Server; port: number; peers: Socket[] }> {
  const peers: Socket[] = [];
  for (const port of BAD_PORTS) {
    const server = createServer((socket) => {
      peers.push(socket);
      socket.on('error', () => undefined);
    });
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) return { server, port, peers };
  }
  throw new Error('no known-bad port is free on 127.0.0.1');
}

/** A separate real process that opens a TCP connection and holds it. */
function connectFromChild(port: number): ChildProcess {
  const script = `require('node:net').connect(${port}, '127.0.0.1').on('error', () => process.exit(1)); setInterval(() => {}, 1000);`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

interface Run {
  label: string;
  columns: number;
  rows: number;
  noColor: boolean;
}

const RUNS: Run[] = [
  { label: '120x40', columns: 120, rows: 40, noColor: false },
  { label: '80x24', columns: 80, rows: 24, noColor: false },
  { label: '120x40-no-color', columns: 120, rows: 40, noColor: true },
];

test.use({ trace: 'off' });

test.describe('terminal dashboard in tmux', () => {
  test.beforeAll(() => {
    if (unavailable) {
      console.log(`[tui] skipped: ${unavailable}. Install it with: ${TMUX_INSTALL_LINE}`);
      test.skip(true, `${unavailable} (${TMUX_INSTALL_LINE})`);
      return;
    }
    ensureCliBuilt();
  });

  for (const run of RUNS) {
    test(`shows the known-bad-port alert, quits on q, writes the report, restores the terminal (${run.label})`, async () => {
      test.setTimeout(150_000);
      const folder = mkdtempSync(join(tmpdir(), 'ns-tui-'));
      const report = join(folder, 'report.json');
      const exitFile = join(folder, 'exit-code');
      const terminal = new TmuxTerminal(run.label, run);
      const { server, port, peers } = await listenOnKnownBadPort();
      let client: ChildProcess | undefined;
      try {
        // CI unset: with it, Ink draws only a final frame (the CLI then keeps the status line, documented).
        const env = `env -u CI -u CONTINUOUS_INTEGRATION LANG=C.UTF-8 TERM=tmux-256color ${run.noColor ? 'NO_COLOR=1 ' : ''}`;
        // The shell outlives the CLI so the terminal's state after it is read from a live pane (tmux hides a dead pane's cursor).
        terminal.start(`${env}${process.execPath} ${CLI_PATH} monitor -d 300 -i 1 -o ${report}; echo $? > ${exitFile}; exec sleep 300`);
        await terminal.waitForScreen(/NetSentinel .* monitoring/, 60_000);
        expect(terminal.display('#{alternate_on}')).toBe('1');

        client = connectFromChild(port);
        const pattern = new RegExp(`T1571 +Connection to known-bad port${run.columns >= 100 ? ` ${port}` : ''}`);
        const screen = await terminal.waitForScreen(pattern, 60_000);
        const styled = terminal.capture(true);
        mkdirSync(SCREENS_DIR, { recursive: true });
        writeFileSync(join(SCREENS_DIR, `${run.label}.txt`), screen);
        expect(screen).toMatch(/HIGH/);
        expect(screen).toMatch(/Risk (MEDIUM|HIGH|CRITICAL)/);
        if (run.noColor) expect(colourCodes(styled)).toEqual([]);
        else expect(colourCodes(styled).length).toBeGreaterThan(0); // the check above can fail

        // `/` filters the alerts (other alerts on this host keep moving), Enter opens the one left:
        // its evidence and recommendation; Esc goes back.
        terminal.sendKeys('/');
        terminal.sendKeys('-l', `connection to known-bad port ${port}`);
        terminal.sendKeys('Enter');
        // The connecting process is named on the alert (a TIME_WAIT leftover of an earlier run shows "?").
        await terminal.waitForScreen(/Alerts +\d+ of \d+ matching[^]*T1571 +Connection to known-bad port.* node \(\d+\)/, 20_000);
        terminal.sendKeys('Enter');
        const detail = await terminal.waitForScreen(/Do this/, 20_000);
        expect(detail).toMatch(/ATT&CK +T1571 Non-Standard Port/);
        expect(detail).toMatch(new RegExp(`Destination +127\\.0\\.0\\.1:${port}`));
        writeFileSync(join(SCREENS_DIR, `${run.label}-evidence.txt`), detail);
        terminal.sendKeys('Escape');
        await terminal.waitForScreen(/Alerts +\d+ of \d+ matching/, 20_000);

        terminal.sendKeys('q');
        const deadline = Date.now() + 60_000;
        while (!existsSync(exitFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
        await new Promise((r) => setTimeout(r, 200)); // the echo's write
        expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
        expect(terminal.display('#{alternate_on}')).toBe('0');
        expect(terminal.display('#{cursor_flag}')).toBe('1');
        const after = terminal.capture();
        expect(after).toContain(`Report written to ${report}`);
        expect(existsSync(report)).toBe(true);
        const written = JSON.parse(readFileSync(report, 'utf8')) as { threat_events: { mitre?: { technique_id?: string }; destination?: { port?: number } }[] };
        expect(written.threat_events.some((event) => JSON.stringify(event).includes('T1571') && event.destination?.port === port)).toBe(true);
      } finally {
        client?.kill();
        terminal.kill();
        for (const peer of peers) peer.destroy();
        server.close();
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});

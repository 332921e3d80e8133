// Runs the NetSentinel CLI inside the victim namespace and reads its NDJSON alert stream.
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Alert } from '../../src-shared/model';
import { LabProcess, NS, delay, namespaceOfPid } from './lab';
import { NamespaceWatch } from './namespace-watch';

import { CLI_PATH } from '../support/cli-build';

export { CLI_PATH };

export interface ReceivedAlert {
  alert: Alert;
  /** Epoch ms when the line reached us. */
  receivedAt: number;
  /** Where the alert's process ran: a lab namespace, 'outside' the lab, or undefined (none, or gone). */
  processNamespace?: string;
}

export interface MonitorOptions {
  reportPath: string;
  /** Upper bound; the harness stops the monitor with SIGTERM long before. */
  durationSec?: number;
  intervalSec?: number;
  /** An auth log to follow besides the system's (--auth-log). */
  authLog?: string;
}

type Waiter = { predicate: (received: ReceivedAlert) => boolean; resolve: (received: ReceivedAlert) => void };

export class MonitorRun {
  readonly alerts: ReceivedAlert[] = [];
  /** Lines that are not alerts (other types, or not JSON), kept for diagnostics. */
  readonly otherLines: string[] = [];
  readonly startedAt = Date.now();
  private readonly process: LabProcess;
  private readonly waiters = new Set<Waiter>();
  private ticksSeen = 0;
  private readonly namespaces = new NamespaceWatch();

  constructor(private readonly options: MonitorOptions) {
    const args = [
      'node',
      CLI_PATH,
      'monitor',
      '-d',
      String(options.durationSec ?? 600),
      '-i',
      String(options.intervalSec ?? 1),
      '--json-lines',
      '-o',
      options.reportPath,
      ...(options.authLog ? ['--auth-log', options.authLog] : []),
    ];
    this.process = new LabProcess(NS.victim, args, ['ignore', 'pipe', 'pipe']);
    const stdout = this.process.child.stdout;
    if (!stdout) throw new Error('monitor has no stdout');
    createInterface({ input: stdout }).on('line', (line) => this.onLine(line));
  }

  get pid(): number {
    return this.process.pid;
  }

  get stderr(): string {
    return this.process.stderr;
  }

  get running(): boolean {
    return this.process.running;
  }

  private onLine(line: string): void {
    const receivedAt = Date.now();
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.otherLines.push(line);
      return;
    }
    if (!isAlertLine(parsed)) {
      if (isTickLine(parsed)) this.ticksSeen += 1;
      this.otherLines.push(line);
      return;
    }
    const pid = parsed.alert.process?.pid;
    const received: ReceivedAlert = {
      alert: parsed.alert,
      receivedAt,
      processNamespace: pid === undefined ? undefined : namespaceOfPid(pid, (p) => this.namespaces.netnsOf(p)),
    };
    this.alerts.push(received);
    for (const waiter of this.waiters) {
      if (waiter.predicate(received)) {
        this.waiters.delete(waiter);
        waiter.resolve(received);
      }
    }
  }

  /**
   * Lets the monitor take its first ticks so that what is already there (the lab's listeners,
   * the gateway's real MAC) is its baseline. If the CLI streams tick lines, waits for two of them;
   * otherwise (today's CLI streams only alerts) waits minMs: with -i 1 that covers start-up
   * (~0.4 s here) and two ticks.
   */
  async warmUp(minMs = 2500, maxMs = 15_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      if (!this.running) throw new Error(`monitor exited during warm-up: ${this.stderr.trim().slice(-2000)}`);
      const elapsed = Date.now() - started;
      if (this.ticksSeen >= 2 || (this.ticksSeen === 0 && elapsed >= minMs) || elapsed >= maxMs) return;
      await delay(50);
    }
  }

  /** The first alert (already received or arriving within timeoutMs) that satisfies predicate. */
  waitForAlert(predicate: (received: ReceivedAlert) => boolean, timeoutMs: number): Promise<ReceivedAlert | undefined> {
    const already = this.alerts.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolveWait) => {
      const waiter: Waiter = {
        predicate,
        resolve: (received) => {
          clearTimeout(timer);
          resolveWait(received);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolveWait(undefined);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** SIGTERM (the CLI then writes its report), and the parsed report if one was written. */
  async stop(): Promise<{ exitCode: number | null; report?: unknown }> {
    await this.process.stop('SIGTERM', 10_000);
    this.namespaces.stop();
    const exitCode = await this.process.exited;
    for (const waiter of this.waiters) this.waiters.delete(waiter);
    const report = existsSync(this.options.reportPath) ? (JSON.parse(readFileSync(this.options.reportPath, 'utf8')) as unknown) : undefined;
    return { exitCode, report };
  }
}

function isAlertLine(value: unknown): value is { type: 'alert'; alert: Alert } {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as { type?: unknown; alert?: unknown };
  if (line.type !== 'alert' || typeof line.alert !== 'object' || line.alert === null) return false;
  const alert = line.alert as Partial<Alert>;
  return typeof alert.techniqueId === 'string' && typeof alert.severity === 'string';
}

function isTickLine(value: unknown): boolean {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'tick' || type === 'batch';
}

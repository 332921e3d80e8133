// Where the CLI sends each alert change besides the report: an ECS NDJSON file (or stdout) and a
// syslog collector. A sink that fails costs a warning and a counter, never a tick or the report.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Alert } from '../../src-shared/model';
import { displaySafeJson } from '../../src-shared/sanitize';
import { alertAction, alertToEcs, type EcsHostInfo } from './ecs';
import { alertSyslogMessage } from './alert-syslog';
import { SyslogSink, type SyslogCounters, type SyslogTarget } from './syslog-sink';

export interface AlertSinkOptions {
  /** ECS NDJSON destination: a file path (appended to) or '-' for stdout. */
  ecs?: string;
  syslog?: SyslogTarget;
  host: EcsHostInfo;
  /** Problems worth telling the user (once per failure, not per message). */
  onWarning: (message: string) => void;
}

export interface AlertSinks {
  send(alerts: readonly Alert[]): void;
  close(): Promise<void>;
  /** For the closing summary: syslog delivery counters, when syslog is on. */
  syslogStats(): SyslogCounters | undefined;
}

function statusOf(alert: Alert): string | undefined {
  return (alert as Alert & { status?: string }).status;
}

function openEcsStream(path: string, onWarning: (message: string) => void): WriteStream | NodeJS.WriteStream {
  if (path === '-') return process.stdout;
  const stream = createWriteStream(path, { flags: 'a' });
  stream.on('error', (error) => onWarning(`ECS output ${path}: ${error.message}; alerts are still in the report`));
  return stream;
}

export function createAlertSinks(options: AlertSinkOptions): AlertSinks {
  const ecs = options.ecs ? openEcsStream(options.ecs, options.onWarning) : undefined;
  const syslog = options.syslog
    ? new SyslogSink(options.syslog, {
        onProblem: (problem) => {
          if (problem) options.onWarning(problem);
        },
      })
    : undefined;
  return {
    send(alerts) {
      for (const alert of alerts) {
        const action = alertAction(alert);
        const status = statusOf(alert);
        if (ecs && !(ecs as WriteStream).destroyed) ecs.write(`${displaySafeJson(alertToEcs(alert, options.host, action, status))}\n`);
        syslog?.send(alertSyslogMessage(alert, options.host, action, process.pid, status));
      }
    },
    async close() {
      await syslog?.close();
      if (ecs && ecs !== process.stdout) await new Promise<void>((resolve) => (ecs as WriteStream).end(() => resolve()));
    },
    syslogStats: () => syslog?.stats(),
  };
}

// Sends each alert change to a syslog collector: UDP (one datagram per message) or TCP with RFC 6587
// octet counting. Never blocks a tick: messages queue (bounded) and a dead collector only costs a
// warning and counters.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { Socket } from 'node:net';
import { formatSyslog, octetCountingFrame, type SyslogMessage } from './syslog-format';

export interface SyslogTarget {
  transport: 'udp' | 'tcp';
  host: string;
  port: number;
}

/** "HOST:PORT" or "udp://HOST:PORT" (UDP), "tcp://HOST:PORT" (TCP); IPv6 hosts in brackets. */
export function parseSyslogTarget(text: string): SyslogTarget | { error: string } {
  const withScheme = /^[a-z]+:\/\//i.test(text) ? text : `udp://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: `"${text}" is not HOST:PORT, udp://HOST:PORT or tcp://HOST:PORT` };
  }
  const transport = url.protocol.slice(0, -1);
  if (transport !== 'udp' && transport !== 'tcp') return { error: `unknown syslog transport "${transport}" (use udp or tcp)` };
  const port = Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65535 || url.pathname.replace(/^\/$/, '') !== '') {
    return { error: `"${text}" needs a host and a port 1–65535, e.g. 127.0.0.1:514 or tcp://siem.example:6514` };
  }
  return { transport, host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

export interface SyslogCounters {
  sent: number;
  failed: number;
  dropped: number;
  queued: number;
  lastError?: string;
}

export interface SyslogSinkOptions {
  /** Messages kept while the collector is unreachable; the oldest go first (default 1,000). */
  maxQueue?: number;
  /** Called once each time the sink goes from working to failing (and with undefined when it recovers). */
  onProblem?: (message: string | undefined) => void;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export class SyslogSink {
  private readonly queue: Buffer[] = [];
  private readonly counters: SyslogCounters = { sent: 0, failed: 0, dropped: 0, queued: 0 };
  private readonly maxQueue: number;
  private udp?: UdpSocket;
  private tcp?: Socket;
  private tcpReady = false;
  private reconnectMs = RECONNECT_MIN_MS;
  private reconnectTimer?: NodeJS.Timeout;
  private failing = false;
  private closed = false;

  constructor(
    private readonly target: SyslogTarget,
    private readonly options: SyslogSinkOptions = {},
  ) {
    this.maxQueue = options.maxQueue ?? 1_000;
  }

  send(message: SyslogMessage): void {
    if (this.closed) return;
    const text = formatSyslog(message);
    const payload = this.target.transport === 'tcp' ? octetCountingFrame(text) : Buffer.from(text, 'utf8');
    this.enqueue(payload);
    this.flush();
  }

  stats(): SyslogCounters {
    return { ...this.counters, queued: this.queue.length };
  }

  /** Sends what is queued (waiting at most `timeoutMs`), then closes. */
  async close(timeoutMs = 2_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline && (this.tcpReady || this.udp)) await new Promise((r) => setTimeout(r, 20));
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.counters.dropped += this.queue.length;
    this.queue.length = 0;
    this.tcp?.destroy();
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()));
  }

  private enqueue(payload: Buffer): void {
    this.queue.push(payload);
    while (this.queue.length > this.maxQueue) {
      this.queue.shift();
      this.counters.dropped += 1;
    }
  }

  private flush(): void {
    if (this.target.transport === 'udp') this.flushUdp();
    else this.flushTcp();
  }

  private flushUdp(): void {
    if (!this.udp) {
      this.udp = createSocket(this.target.host.includes(':') ? 'udp6' : 'udp4');
      this.udp.on('error', (error) => this.problem(error));
      this.udp.unref();
    }
    const socket = this.udp;
    for (const payload of this.queue.splice(0)) {
      socket.send(payload, this.target.port, this.target.host, (error) => {
        if (error) this.problem(error);
        else this.sent();
      });
    }
  }

  private flushTcp(): void {
    if (!this.tcp) return this.connectTcp();
    if (!this.tcpReady) return;
    while (this.queue.length > 0) {
      const payload = this.queue.shift() as Buffer;
      this.counters.sent += 1;
      if (!this.tcp.write(payload)) {
        this.tcpReady = false;
        this.tcp.once('drain', () => {
          this.tcpReady = true;
          this.flushTcp();
        });
        return;
      }
    }
    this.recovered();
  }

  private connectTcp(): void {
    const socket = new Socket();
    this.tcp = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.tcpReady = true;
      this.reconnectMs = RECONNECT_MIN_MS;
      this.flushTcp();
    });
    socket.on('error', (error) => this.problem(error));
    socket.on('close', () => {
      this.tcp = undefined;
      this.tcpReady = false;
      if (this.closed) return;
      this.reconnectTimer = setTimeout(() => {
        if (!this.closed && !this.tcp) this.connectTcp();
      }, this.reconnectMs);
      this.reconnectTimer.unref();
      this.reconnectMs = Math.min(RECONNECT_MAX_MS, this.reconnectMs * 2);
    });
    socket.connect(this.target.port, this.target.host);
    socket.unref();
  }

  private sent(): void {
    this.counters.sent += 1;
    this.recovered();
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.options.onProblem?.(undefined);
  }

  private problem(error: Error): void {
    this.counters.failed += 1;
    this.counters.lastError = error.message;
    if (this.failing) return;
    this.failing = true;
    const where = `${this.target.transport}://${this.target.host}:${this.target.port}`;
    this.options.onProblem?.(`syslog ${where}: ${error.message}; alerts are still in the report`);
  }
}

// What the victim's kernel shows during a scenario, sampled independently of the monitor, so a
// missed detection can be explained (socket states, counters, neighbour table).
// Runs ss/cat/ip directly from the test process: no shell, so it cannot trigger process rules.
import { execFile } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { NS } from './lab';

function run(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile('ip', args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve(error ? `(${args.join(' ')} failed: ${stderr || error.message})` : stdout),
    );
  });
}

export interface ProbeSample {
  time: number;
  /** Sockets by state, e.g. { ESTAB: 3, 'TIME-WAIT': 12 }. */
  states: Record<string, number>;
  tcpOutRsts: number;
  tcpActiveOpens: number;
  tcpPassiveOpens: number;
  icmpOutDestUnreachs: number;
  udpOutDatagrams: number;
}

/** Values of `Tcp:`/`Icmp:`/`Udp:` rows in /proc/net/snmp, keyed like "Tcp.OutRsts". */
export function parseSnmp(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 1) {
    const header = lines[i]?.split(/\s+/) ?? [];
    const row = lines[i + 1]?.split(/\s+/) ?? [];
    if (header[0] === undefined || header[0] !== row[0] || !/^[A-Za-z]+:$/.test(header[0])) continue;
    const section = header[0].slice(0, -1);
    header.slice(1).forEach((name, index) => {
      values[`${section}.${name}`] = Number(row[index + 1]);
    });
    i += 1;
  }
  return values;
}

export class VictimProbe {
  readonly samples: ProbeSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly logPath: string,
    private readonly intervalMs = 1000,
  ) {
    writeFileSync(logPath, '');
  }

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    void this.sample();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.sample();
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const time = Date.now();
    const [sockets, snmp, neigh] = await Promise.all([
      run(['netns', 'exec', NS.victim, 'ss', '-tuanpiH']),
      run(['netns', 'exec', NS.victim, 'cat', '/proc/net/snmp']),
      run(['-n', NS.victim, 'neigh']),
    ]);
    const counters = parseSnmp(snmp);
    const states: Record<string, number> = {};
    for (const line of sockets.split('\n')) {
      const state = line.split(/\s+/)[1];
      if (state && /^[A-Z-]+$/.test(state)) states[state] = (states[state] ?? 0) + 1;
    }
    this.samples.push({
      time,
      states,
      tcpOutRsts: counters['Tcp.OutRsts'] ?? NaN,
      tcpActiveOpens: counters['Tcp.ActiveOpens'] ?? NaN,
      tcpPassiveOpens: counters['Tcp.PassiveOpens'] ?? NaN,
      icmpOutDestUnreachs: counters['Icmp.OutDestUnreachs'] ?? NaN,
      udpOutDatagrams: counters['Udp.OutDatagrams'] ?? NaN,
    });
    appendFileSync(this.logPath, `=== ${new Date(time).toISOString()}\n--- ss -tuanpiH\n${sockets}--- snmp\n${snmp}--- neigh\n${neigh}\n`);
    this.busy = false;
  }

  /** A compact line per sample: socket states and counter deltas, for the report. */
  summary(sinceMs = 0): string[] {
    const lines: string[] = [];
    let previous: ProbeSample | undefined;
    for (const sample of this.samples) {
      if (previous && sample.time >= sinceMs) {
        const states = Object.entries(sample.states)
          .map(([s, n]) => `${s}=${n}`)
          .join(' ');
        lines.push(
          `+${((sample.time - sinceMs) / 1000).toFixed(1)}s ${states || 'no sockets'} | ` +
            `ΔOutRsts=${sample.tcpOutRsts - previous.tcpOutRsts} ΔActiveOpens=${sample.tcpActiveOpens - previous.tcpActiveOpens} ` +
            `ΔPassiveOpens=${sample.tcpPassiveOpens - previous.tcpPassiveOpens} ΔIcmpUnreach=${sample.icmpOutDestUnreachs - previous.icmpOutDestUnreachs} ` +
            `ΔUdpOut=${sample.udpOutDatagrams - previous.udpOutDatagrams}`,
        );
      }
      previous = sample;
    }
    return lines;
  }
}

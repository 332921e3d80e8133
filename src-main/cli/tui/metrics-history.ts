// The last minutes of system metrics, for the sparklines; bounded.
import { counterDeltas } from '../../../src-shared/counter-deltas';
import type { SystemMetrics } from '../../../src-shared/model';

export interface SystemSeries {
  latest?: SystemMetrics;
  cpuPercent: number[];
  memPercent: number[];
  rxRate: number[];
  txRate: number[];
  /** Network errors + drops added per tick (the counters are cumulative). */
  faults: number[];
}

export const HISTORY_SAMPLES = 120;

export class MetricsHistory {
  private readonly samples: SystemMetrics[] = [];

  constructor(private readonly capacity = HISTORY_SAMPLES) {}

  add(metrics: SystemMetrics): void {
    this.samples.push(metrics);
    if (this.samples.length > this.capacity) this.samples.shift();
  }

  series(): SystemSeries {
    const s = this.samples;
    const faults = counterDeltas(
      s.map((m, time) => ({ time, m })),
      ({ m }) => m.netErrors + m.netDrops,
    ).map((d) => d.value);
    const latest = s.at(-1);
    return {
      ...(latest ? { latest } : {}),
      cpuPercent: s.map((m) => m.cpuPercent),
      memPercent: s.map((m) => (m.memTotalBytes > 0 ? (100 * m.memUsedBytes) / m.memTotalBytes : 0)),
      rxRate: s.map((m) => m.netRxRate),
      txRate: s.map((m) => m.netTxRate),
      faults,
    };
  }
}

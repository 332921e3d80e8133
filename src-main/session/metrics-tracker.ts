import type { SystemMetrics } from '../../src-shared/model';
import type { MetricsSummary } from '../../src-shared/report';

/** Running aggregates over every system sample of a session: constant memory however long it runs. */
export class MetricsTracker {
  private samples = 0;
  private cpuSum = 0;
  private cpuMax = 0;
  private memMax = 0;
  private rxMax = 0;
  private txMax = 0;

  add(metrics: SystemMetrics): void {
    this.samples += 1;
    this.cpuSum += metrics.cpuPercent;
    this.cpuMax = Math.max(this.cpuMax, metrics.cpuPercent);
    this.memMax = Math.max(this.memMax, metrics.memUsedBytes);
    this.rxMax = Math.max(this.rxMax, metrics.netRxRate);
    this.txMax = Math.max(this.txMax, metrics.netTxRate);
  }

  summary(): MetricsSummary {
    return {
      samples: this.samples,
      cpuPercentAvg: this.samples ? Math.round((this.cpuSum / this.samples) * 10) / 10 : 0,
      cpuPercentMax: this.cpuMax,
      memUsedBytesMax: this.memMax,
      netRxBytesPerSecMax: this.rxMax,
      netTxBytesPerSecMax: this.txMax,
    };
  }
}

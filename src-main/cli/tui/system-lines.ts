// The system panel's lines: a label, the current value and a sparkline of the recent samples.
import { formatBytes, formatCount, formatPercent, formatRate } from '../../../src-shared/format';
import { cell, type Glyphs } from './glyphs';
import type { SystemSeries } from './metrics-history';
import { sparkline } from './sparkline';

const LABEL = 9;
const VALUE = 20;

function row(label: string, value: string, spark: string, width: number, glyphs: Glyphs): string {
  const room = Math.max(0, width - LABEL - VALUE - 2);
  return `${cell(label, LABEL, glyphs)} ${cell(value, VALUE, glyphs)} ${spark.slice(-room)}`.trimEnd();
}

/** One line per metric, `width` columns each. */
export function systemLines(series: SystemSeries, width: number, glyphs: Glyphs): string[] {
  const m = series.latest;
  if (!m) return ['waiting for the first tick'];
  const room = Math.max(0, width - LABEL - VALUE - 2);
  const memory = `${formatPercent(series.memPercent.at(-1))} of ${formatBytes(m.memTotalBytes)}`;
  const lines = [
    row('CPU', formatPercent(m.cpuPercent), sparkline(series.cpuPercent, room, glyphs, 100), width, glyphs),
    row('Memory', memory, sparkline(series.memPercent, room, glyphs, 100), width, glyphs),
    row('Net in', formatRate(m.netRxRate), sparkline(series.rxRate, room, glyphs), width, glyphs),
    row('Net out', formatRate(m.netTxRate), sparkline(series.txRate, room, glyphs), width, glyphs),
    row(
      'Err+drop',
      `${formatCount(m.netErrors + m.netDrops)} (+${formatCount(series.faults.at(-1) ?? 0)})`,
      sparkline(series.faults, room, glyphs),
      width,
      glyphs,
    ),
  ];
  if (m.loadAverage) lines.push(row('Load', m.loadAverage.map((n) => n.toFixed(2)).join(' '), '', width, glyphs));
  return lines;
}

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITIES, type Severity } from '../../src-shared/model';
import { formatClock } from '../../src-shared/format';
import { CHART_COLORS, SEVERITY_COLORS } from '../logic/severity-colors';
import type { SeverityPoint } from '../store/batch-reducer';

/** Alerts created or updated per tick, stacked by severity (least severe at the bottom). */
export function TimelineChart({ series }: { series: readonly SeverityPoint[] }) {
  return (
    <div className="chart chart-timeline" data-testid="timeline-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={series as SeverityPoint[]} margin={{ top: 8, right: 12, bottom: 0, left: -16 }} barCategoryGap={1}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="time" tickFormatter={(time: number) => formatClock(time)} stroke={CHART_COLORS.axis} fontSize={11} minTickGap={40} />
          <YAxis allowDecimals={false} stroke={CHART_COLORS.axis} fontSize={11} />
          <Tooltip
            labelFormatter={(time) => formatClock(Number(time))}
            itemSorter={(item) => SEVERITIES.indexOf(item.dataKey as Severity)}
            cursor={{ fill: 'rgba(255, 255, 255, 0.05)' }}
            contentStyle={{ background: '#151b23', border: '1px solid #2a3340' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => SEVERITIES.indexOf(item.value as Severity)} />
          {[...SEVERITIES].reverse().map((severity) => (
            <Bar key={severity} dataKey={severity} stackId="severity" fill={SEVERITY_COLORS[severity]} isAnimationActive={false} maxBarSize={28} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock } from '../../src-shared/format';
import { CHART_COLORS } from '../logic/severity-colors';

export interface MiniSeries<Point> {
  key: keyof Point & string;
  label: string;
  color: string;
}

interface MiniChartProps<Point extends { time: number }> {
  title: string;
  current: string;
  data: readonly Point[];
  series: readonly MiniSeries<Point>[];
  format: (value: number) => string;
  domainMax?: number;
}

/** A small live area chart with its current value in the title. */
export function MiniChart<Point extends { time: number }>({ title, current, data, series, format, domainMax }: MiniChartProps<Point>) {
  return (
    <section className="card mini-chart">
      <h2>
        {title} <span className="mini-current">{current}</span>
      </h2>
      <div className="chart chart-mini">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data as Point[]} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <XAxis dataKey="time" hide />
            <YAxis hide domain={[0, domainMax ?? 'auto']} />
            <Tooltip
              labelFormatter={(time) => formatClock(Number(time))}
              formatter={(value) => format(Number(value))}
              contentStyle={{ background: '#151b23', border: `1px solid ${CHART_COLORS.grid}` }}
            />
            {series.map((line) => (
              <Area
                key={line.key}
                type="monotone"
                dataKey={line.key as string}
                name={line.label}
                stroke={line.color}
                fill={line.color}
                fillOpacity={0.15}
                isAnimationActive={false}
                dot={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { getTechnique } from '../../src-shared/attack';
import type { Severity } from '../../src-shared/model';
import { EmptyState } from '../components/EmptyState';
import { alertsByTactic, alertsByTechnique, severityEntries, type CountEntry } from '../../src-shared/alert-view';
import { CHART_COLORS, SEVERITY_COLORS } from '../logic/severity-colors';
import { useDashboard } from '../store/use-dashboard';

const TOOLTIP_STYLE = { background: '#151b23', border: '1px solid #2a3340' };

function HorizontalBars({ data, color, label }: { data: CountEntry[]; color: string; label: string }) {
  return (
    <div className="chart chart-bars" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} horizontal={false} />
          <XAxis type="number" allowDecimals={false} stroke={CHART_COLORS.axis} fontSize={11} />
          <YAxis type="category" dataKey="name" width={190} stroke={CHART_COLORS.axis} fontSize={11} />
          <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'rgba(255,255,255,0.05)' }} />
          <Bar dataKey="count" fill={color} isAnimationActive={false} maxBarSize={32} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ChartsView() {
  const alerts = useDashboard((state) => state.alerts);
  const counts = useDashboard((state) => state.severityCounts);
  const severities = useMemo(() => severityEntries(counts), [counts]);
  const tactics = useMemo(() => alertsByTactic(alerts), [alerts]);
  const techniques = useMemo(
    () => alertsByTechnique(alerts).map((entry) => ({ ...entry, name: `${entry.name} ${getTechnique(entry.name)?.name ?? ''}`.trim() })),
    [alerts],
  );
  const total = severities.reduce((sum, entry) => sum + entry.count, 0);

  if (total === 0 && tactics.length === 0) {
    return (
      <div className="view">
        <EmptyState title="No alerts to chart yet">Severity, tactic and technique charts fill in as alerts arrive.</EmptyState>
      </div>
    );
  }
  return (
    <div className="view view-charts">
      <section className="card">
        <h2>By severity</h2>
        <div className="chart chart-bars" aria-label="Alerts by severity">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={severities} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
              <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
              <XAxis dataKey="name" stroke={CHART_COLORS.axis} fontSize={11} />
              <YAxis allowDecimals={false} stroke={CHART_COLORS.axis} fontSize={11} />
              <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'rgba(255,255,255,0.05)' }} />
              <Bar dataKey="count" isAnimationActive={false} maxBarSize={56}>
                {severities.map((entry) => (
                  <Cell key={entry.name} fill={SEVERITY_COLORS[entry.name as Severity]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <section className="card">
        <h2>By ATT&amp;CK tactic</h2>
        <HorizontalBars data={tactics} color={CHART_COLORS.accent} label="Alerts by tactic" />
      </section>
      <section className="card">
        <h2>By technique</h2>
        <HorizontalBars data={techniques} color={CHART_COLORS.accent2} label="Alerts by technique" />
      </section>
    </div>
  );
}

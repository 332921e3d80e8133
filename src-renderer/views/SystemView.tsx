import { sanitizeText } from '../../src-shared/sanitize';
import { useMemo } from 'react';
import { EmptyState } from '../components/EmptyState';
import { MiniChart } from '../components/MiniChart';
import { counterDeltas } from '../../src-shared/counter-deltas';
import { formatBytes, formatPercent, formatRate } from '../../src-shared/format';
import { CHART_COLORS } from '../logic/severity-colors';
import type { InterfaceCounters, SystemMetrics } from '../../src-shared/model';
import type { SystemPoint } from '../store/dashboard-data';
import { useDashboard } from '../store/use-dashboard';

interface ErrorPoint {
  time: number;
  errors: number;
  drops: number;
}

/** Rates, totals and faults per network interface, faulty ones marked. */
function InterfacesTable({ interfaces }: { interfaces: readonly InterfaceCounters[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Interfaces">
        <thead>
          <tr>
            <th scope="col">Interface</th>
            <th scope="col">Receive</th>
            <th scope="col">Send</th>
            <th scope="col">Received</th>
            <th scope="col">Sent</th>
            <th scope="col">Errors</th>
            <th scope="col">Drops</th>
          </tr>
        </thead>
        <tbody>
          {interfaces.map((nic) => (
            <tr key={nic.name} className={nic.rxErrors + nic.txErrors + nic.rxDropped + nic.txDropped > 0 ? 'warn' : ''}>
              <td className="mono">{sanitizeText(nic.name)}</td>
              <td className="num">{formatRate(nic.rxRate)}</td>
              <td className="num">{formatRate(nic.txRate)}</td>
              <td className="num">{formatBytes(nic.rxBytes)}</td>
              <td className="num">{formatBytes(nic.txBytes)}</td>
              <td className="num">{nic.rxErrors + nic.txErrors}</td>
              <td className="num">{nic.rxDropped + nic.txDropped}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** CPU, memory, network rates and errors per tick, each a small chart with its current value. */
function SystemCharts({ series, errorSeries, system }: { series: readonly SystemPoint[]; errorSeries: ErrorPoint[]; system: SystemMetrics }) {
  return (
    <div className="mini-grid">
      <MiniChart<SystemPoint>
        title="CPU"
        current={formatPercent(system.cpuPercent)}
        data={series}
        domainMax={100}
        series={[{ key: 'cpuPercent', label: 'CPU', color: CHART_COLORS.accent }]}
        format={formatPercent}
      />
      <MiniChart<SystemPoint>
        title="Memory"
        current={`${formatBytes(system.memUsedBytes)} of ${formatBytes(system.memTotalBytes)}`}
        data={series}
        domainMax={100}
        series={[{ key: 'memPercent', label: 'Memory', color: CHART_COLORS.accent2 }]}
        format={formatPercent}
      />
      <MiniChart<SystemPoint>
        title="Network"
        current={`↓ ${formatRate(system.netRxRate)} ↑ ${formatRate(system.netTxRate)}`}
        data={series}
        series={[
          { key: 'rxRate', label: 'Received', color: '#4cc9f0' },
          { key: 'txRate', label: 'Sent', color: '#f7768e' },
        ]}
        format={formatRate}
      />
      <MiniChart<ErrorPoint>
        title="Errors and drops"
        current={`${system.netErrors} errors · ${system.netDrops} drops (total)`}
        data={errorSeries}
        series={[
          { key: 'errors', label: 'Errors per tick', color: '#ff4d6d' },
          { key: 'drops', label: 'Drops per tick', color: '#ffd166' },
        ]}
        format={(value) => value.toFixed(0)}
      />
    </div>
  );
}

export function SystemView() {
  const series = useDashboard((state) => state.systemSeries);
  const snapshot = useDashboard((state) => state.snapshot);
  const timing = useDashboard((state) => `${state.collectMs.toFixed(0)} ms collect · ${state.detectMs.toFixed(0)} ms detect`);
  const errorSeries = useMemo<ErrorPoint[]>(() => {
    const errors = counterDeltas(series, (p) => p.errors);
    const drops = counterDeltas(series, (p) => p.drops);
    return errors.map((point, index) => ({ time: point.time, errors: point.value, drops: drops[index]?.value ?? 0 }));
  }, [series]);

  if (!snapshot) {
    return (
      <div className="view">
        <EmptyState title="No metrics yet">CPU, memory and network rates are sampled on every tick.</EmptyState>
      </div>
    );
  }
  return (
    <div className="view">
      <SystemCharts series={series} errorSeries={errorSeries} system={snapshot.system} />
      <h2 className="section-title">Interfaces</h2>
      <InterfacesTable interfaces={snapshot.interfaces} />
      <p className="muted small">Last tick: {timing}</p>
    </div>
  );
}

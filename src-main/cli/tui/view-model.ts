// What the dashboard shows, computed once per tick from the session's state: pure data, no terminal.
import { hostAddresses } from '../../../src-shared/address-class';
import { alertsNewestFirst } from '../../../src-shared/alert-view';
import type { Alert, ArpEntry, Gateway, SessionState, SeverityCounts, SnapshotView, TickBatch } from '../../../src-shared/model';
import { HomeNet } from '../../../src-shared/net';
import { riskLevel, type RiskLevel } from '../../../src-shared/report';
import { connectionsByInterest, type ConnectionRow, type ConnectionRowCache } from './connection-rows';
import { listeningRows, type ListeningRow } from './listening-rows';
import type { MetricsHistory, SystemSeries } from './metrics-history';
import type { RowList } from './ranked-rows';

export type PanelId = 'alerts' | 'connections' | 'listening' | 'network' | 'system' | 'coverage';
/** Tab order. */
export const PANELS: readonly PanelId[] = ['alerts', 'connections', 'listening', 'network', 'system', 'coverage'];
/** Short names for the tab bar of a narrow terminal. */
export const PANEL_TABS: Readonly<Record<PanelId, string>> = {
  alerts: 'Alerts',
  connections: 'Conns',
  listening: 'Listen',
  network: 'ARP',
  system: 'System',
  coverage: 'Coverage',
};
export const PANEL_TITLES: Readonly<Record<PanelId, string>> = {
  alerts: 'Alerts',
  connections: 'Connections',
  listening: 'Listening',
  network: 'ARP / gateway',
  system: 'System',
  coverage: 'Coverage',
};

export interface DashboardInput {
  snapshot: SnapshotView;
  alerts: readonly Alert[];
  batch: Pick<TickBatch, 'elapsedMs' | 'severityCounts' | 'suppressedCount' | 'alertsDropped' | 'collectMs' | 'detectMs' | 'warnings' | 'totals'>;
  state: SessionState;
  intervalSec: number;
  history: MetricsHistory;
  /** Messages from the CLI itself (sink failures, a signal received). */
  notes: readonly string[];
}

export interface HeaderModel {
  host: string;
  state: SessionState;
  elapsedMs: number;
  intervalSec: number;
  risk: RiskLevel;
  counts: SeverityCounts;
  suppressed: number;
  dropped: number;
  connections: number;
  listening: number;
  tickMs: number;
}

export interface CoverageLine {
  source: string;
  text: string;
}

export interface DashboardModel {
  header: HeaderModel;
  /** Newest first; suppressed ones included (shown dimmed). */
  alerts: readonly Alert[];
  /** Ranked; rows are built as a frame reads them. */
  connections: RowList<ConnectionRow>;
  listening: RowList<ListeningRow>;
  gateway?: Gateway;
  arp: readonly ArpEntry[];
  system: SystemSeries;
  coverage: readonly CoverageLine[];
}

function coverageLines(input: DashboardInput): CoverageLine[] {
  const lines: CoverageLine[] = input.notes.map((text) => ({ source: 'netsentinel', text }));
  for (const warning of input.snapshot.coverage) {
    lines.push({ source: warning.source, text: warning.hint ? `${warning.message} (${warning.hint})` : warning.message });
  }
  for (const warning of input.batch.warnings) lines.push({ source: 'tick', text: warning });
  return lines;
}

/** Builds the models tick after tick; keeps the HOME_NET classifier and the connection rows shown between ticks. */
export class DashboardModelBuilder {
  private readonly homeNet: HomeNet;
  private readonly connectionRows: ConnectionRowCache = new WeakMap();

  constructor(homeNetCidrs: readonly string[] = []) {
    this.homeNet = new HomeNet(homeNetCidrs);
  }

  build(input: DashboardInput): DashboardModel {
    const { snapshot, batch } = input;
    this.homeNet.setLocalAddresses(hostAddresses(snapshot));
    const alerts = alertsNewestFirst(Object.fromEntries(input.alerts.map((alert) => [alert.id, alert])));
    return {
      header: {
        host: snapshot.hostname,
        state: input.state,
        elapsedMs: batch.elapsedMs,
        intervalSec: input.intervalSec,
        risk: riskLevel(batch.severityCounts),
        counts: batch.severityCounts,
        suppressed: batch.suppressedCount ?? 0,
        dropped: batch.alertsDropped,
        connections: batch.totals.connections,
        listening: batch.totals.listening,
        tickMs: batch.collectMs + batch.detectMs,
      },
      alerts,
      connections: connectionsByInterest(snapshot.connections, alerts, (address) => this.homeNet.isExternal(address), this.connectionRows),
      listening: listeningRows(snapshot.listening),
      ...(snapshot.gateway ? { gateway: snapshot.gateway } : {}),
      arp: snapshot.arp,
      system: input.history.series(),
      coverage: coverageLines(input),
    };
  }
}

import { useEffect, useState, type ReactNode } from 'react';
import { api } from './bridge';
import { CoverageWarnings } from './components/CoverageWarnings';
import { EmptyState } from './components/EmptyState';
import { RenderProbe } from './components/RenderProbe';
import { Tabs, type TabItem } from './components/Tabs';
import { connectStore } from './store/session-actions';
import { dashboardStore, useDashboard } from './store/use-dashboard';
import { AppsView } from './views/AppsView';
import { ArpView } from './views/ArpView';
import { ChartsView } from './views/ChartsView';
import { ConnectionsView } from './views/ConnectionsView';
import { Header } from './views/Header';
import { HistoryView } from './views/HistoryView';
import { ListeningView } from './views/ListeningView';
import { SettingsView } from './views/SettingsView';
import { SuppressionsView } from './views/SuppressionsView';
import { SystemView } from './views/SystemView';
import { ThreatTimelineView } from './views/ThreatTimelineView';

type ViewId = 'timeline' | 'charts' | 'connections' | 'apps' | 'listening' | 'arp' | 'system' | 'settings' | 'suppressions' | 'history';

const VIEWS: Record<ViewId, () => ReactNode> = {
  timeline: () => <ThreatTimelineView />,
  charts: () => <ChartsView />,
  connections: () => <ConnectionsView />,
  apps: () => <AppsView />,
  listening: () => <ListeningView />,
  arp: () => <ArpView />,
  system: () => <SystemView />,
  settings: () => <SettingsView />,
  suppressions: () => <SuppressionsView />,
  history: () => <HistoryView />,
};

function useTabs(): TabItem<ViewId>[] {
  const alertCount = useDashboard((state) => Object.values(state.alerts).filter((alert) => alert.status !== 'suppressed').length);
  const suppressionCount = useDashboard((state) => state.settings?.suppressions.length);
  const connectionCount = useDashboard((state) => state.snapshot?.connections.length);
  const listeningCount = useDashboard((state) => state.snapshot?.listening.length);
  const appCount = useDashboard((state) => (state.snapshot ? state.appUsage.apps.size : undefined));
  return [
    { id: 'timeline', label: 'Threat timeline', badge: alertCount },
    { id: 'charts', label: 'Severity & tactics' },
    { id: 'connections', label: 'Connections', badge: connectionCount },
    { id: 'apps', label: 'Apps', badge: appCount },
    { id: 'listening', label: 'Listening ports', badge: listeningCount },
    { id: 'arp', label: 'ARP' },
    { id: 'system', label: 'System' },
    { id: 'settings', label: 'Settings' },
    { id: 'suppressions', label: 'Suppressions', badge: suppressionCount },
    { id: 'history', label: 'History' },
  ];
}

export function App() {
  const [view, setView] = useState<ViewId>('timeline');
  const phase = useDashboard((state) => state.phase);
  const phaseError = useDashboard((state) => state.phaseError);
  const tabs = useTabs();

  useEffect(() => connectStore(api, dashboardStore), []);

  return (
    <div className="app">
      <RenderProbe />
      <Header />
      <CoverageWarnings />
      <Tabs tabs={tabs} active={view} onSelect={setView} />
      <main className="panel" role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
        {phase === 'connecting' && <EmptyState tone="loading" title="Connecting to the NetSentinel core…" />}
        {phase === 'unavailable' && (
          <EmptyState tone="error" title="The monitoring core is not reachable">
            {phaseError}
          </EmptyState>
        )}
        {phase === 'ready' && VIEWS[view]()}
      </main>
    </div>
  );
}

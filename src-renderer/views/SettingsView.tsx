import { EmptyState } from '../components/EmptyState';
import { useDashboard } from '../store/use-dashboard';
import { GeneralSettings } from './settings/GeneralSettings';
import { JournalSettings } from './settings/JournalSettings';
import { RuleSettingsSection } from './settings/RuleSettingsSection';
import { ThreatListsSection } from './settings/ThreatListsSection';

export function SettingsView() {
  const settings = useDashboard((state) => state.settings);
  if (!settings) {
    return (
      <div className="view">
        <EmptyState title="Loading settings…" tone="loading" />
      </div>
    );
  }
  return (
    <div className="view view-settings">
      <GeneralSettings settings={settings} />
      <JournalSettings settings={settings} />
      <ThreatListsSection settings={settings} />
      <RuleSettingsSection settings={settings} />
    </div>
  );
}

import { RULE_CATALOG, type MonitorSettings } from '../../../src-shared/settings';
import { RuleCard } from './RuleCard';

/** Per-rule settings, grouped by rule; the catalog is the rule registry's (src-shared/settings/rule-catalog.json). */
export function RuleSettingsSection({ settings }: { settings: MonitorSettings }) {
  const customised = Object.keys(settings.rules).length;
  return (
    <section className="rules-section" aria-label="Rules">
      <h2>
        Rules{' '}
        <span className="muted">
          ({RULE_CATALOG.length}, {customised} customised)
        </span>
      </h2>
      <p className="hint">Open a rule to turn it off, change its severity or a threshold. An empty field keeps the default shown beside it.</p>
      {RULE_CATALOG.map((spec) => (
        <RuleCard key={spec.id} spec={spec} rules={settings.rules} />
      ))}
    </section>
  );
}

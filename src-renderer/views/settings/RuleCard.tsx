import { useEffect, useState, type FormEvent } from 'react';
import { getTechnique } from '../../../src-shared/attack';
import { SEVERITIES, type Severity } from '../../../src-shared/model';
import type { RuleSettings, RuleSettingsSpec } from '../../../src-shared/settings';
import { draftOf, isCustomised, rulesPatch, settingsOfDraft, thresholdHint, type RuleDraft } from '../../logic/rule-draft';
import { SaveStatus, useSaveSettings } from '../../store/use-save-settings';

interface RuleCardProps {
  spec: RuleSettingsSpec;
  rules: Readonly<Record<string, RuleSettings>>;
}

function ThresholdField({
  name,
  spec,
  value,
  onChange,
}: {
  name: string;
  spec: RuleSettingsSpec['thresholds'][string];
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <label className="threshold">
      <span>
        {spec.label} <code className="muted">{name}</code>
      </span>
      <input
        type="number"
        inputMode="decimal"
        min={spec.min}
        max={spec.max}
        step={spec.integer ? 1 : 'any'}
        placeholder={String(spec.default)}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <span className="hint">{thresholdHint(spec)}</span>
    </label>
  );
}

/** The rule's id and technique, tagged when its settings differ from the defaults or it is off. */
function RuleSummary({ spec, stored }: { spec: RuleSettingsSpec; stored: RuleSettings | undefined }) {
  const technique = getTechnique(spec.techniqueId);
  return (
    <summary>
      <strong>{spec.id}</strong>{' '}
      <span className="muted">
        {spec.techniqueId} {technique?.name ?? ''}
      </span>
      {isCustomised(stored) && <span className="tag">customised</span>}
      {stored?.enabled === false && <span className="tag">off</span>}
    </summary>
  );
}

/** A severity override; '' keeps the rule's own. */
function SeverityField({ value, defaultSeverity, onChange }: { value: Severity | ''; defaultSeverity: Severity; onChange: (severity: Severity | '') => void }) {
  return (
    <label>
      Severity
      <select value={value} onChange={(event) => onChange(event.target.value as Severity | '')}>
        <option value="">Rule's own (default {defaultSeverity})</option>
        {SEVERITIES.map((severity) => (
          <option key={severity} value={severity}>
            {severity}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One rule: enabled, severity, every documented threshold with its default and bounds; save or reset. */
export function RuleCard({ spec, rules }: RuleCardProps) {
  const stored = rules[spec.id];
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(spec, stored));
  const { message, save, fail } = useSaveSettings('rule');
  useEffect(() => setDraft(draftOf(spec, stored)), [spec, stored]);

  async function submit(next: RuleSettings | undefined) {
    const checked = rulesPatch(rules, spec.id, next);
    if (checked.ok) await save(checked.value);
    else fail(checked.error);
  }
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(settingsOfDraft(spec, draft));
  }
  const names = Object.keys(spec.thresholds);

  return (
    <details className="card rule-card" data-testid={`rule-${spec.id}`}>
      <RuleSummary spec={spec} stored={stored} />
      <form className="settings rule-form" noValidate onSubmit={onSubmit} aria-label={`Settings of rule ${spec.id}`}>
        <p className="muted">{spec.summary}</p>
        <label className="checkbox">
          <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} />
          Enabled
        </label>
        <SeverityField value={draft.severity} defaultSeverity={spec.defaultSeverity} onChange={(severity) => setDraft({ ...draft, severity })} />
        {names.length === 0 && <p className="hint">This rule has no tunable threshold.</p>}
        {names.map((name) => (
          <ThresholdField
            key={name}
            name={name}
            spec={spec.thresholds[name] as RuleSettingsSpec['thresholds'][string]}
            value={draft.thresholds[name] ?? ''}
            onChange={(text) => setDraft({ ...draft, thresholds: { ...draft.thresholds, [name]: text } })}
          />
        ))}
        <div>
          <button type="submit" className="button">
            Save rule
          </button>{' '}
          <button type="button" className="button" onClick={() => void submit(undefined)}>
            Reset to defaults
          </button>
          <SaveStatus message={message} />
        </div>
      </form>
    </details>
  );
}

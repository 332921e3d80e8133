import { useMemo } from 'react';
import { sanitizeText } from '../../src-shared/sanitize';
import type { Suppression } from '../../src-shared/settings';
import { EmptyState } from '../components/EmptyState';
import { describeSuppression, expiryText, matchedCounts } from '../logic/suppressions';
import { SaveStatus, useSaveSettings } from '../store/use-save-settings';
import { useDashboard } from '../store/use-dashboard';

function SuppressionRow({ suppression, matched, onRemove }: { suppression: Suppression; matched: number; onRemove: () => void }) {
  const expiry = expiryText(suppression, Date.now());
  return (
    <tr className={expiry === 'expired' ? 'warn' : ''} data-testid="suppression-row">
      <td className="mono">{sanitizeText(describeSuppression(suppression))}</td>
      <td>{suppression.reason ? sanitizeText(suppression.reason) : <span className="muted">—</span>}</td>
      <td>{expiry}</td>
      <td className="num" data-testid="suppression-matched">{matched}</td>
      <td><button type="button" className="button button-small" onClick={onRemove}>Remove</button></td>
    </tr>
  );
}

/** Every suppression in the settings, how many of the session's alerts each holds, and removal. */
export function SuppressionsView() {
  const suppressions = useDashboard((state) => state.settings?.suppressions);
  const alerts = useDashboard((state) => state.alerts);
  const counts = useMemo(() => matchedCounts(suppressions ?? [], alerts), [suppressions, alerts]);
  const { message, save } = useSaveSettings('suppressions');

  if (!suppressions) return <div className="view"><EmptyState title="Loading settings…" tone="loading" /></div>;
  const list = suppressions;
  return (
    <div className="view">
      <section className="card">
        <h2>Suppressions <span className="muted">({list.length})</span></h2>
        <p className="hint">
          A suppressed alert is still recorded and exported with the suppression that matched, but raises no notification and
          counts in no severity total or risk. Removing a suppression turns its alerts active again at once.
        </p>
        <SaveStatus message={message} />
        {list.length === 0 ? (
          <EmptyState title="Nothing is suppressed">Use "Suppress…" on an alert in the Threat timeline.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Suppressions">
              <thead><tr><th>Suppresses</th><th>Reason</th><th>Expires</th><th className="num">Alerts now</th><th /></tr></thead>
              <tbody>
                {list.map((suppression, index) => (
                  <SuppressionRow
                    key={`${index}|${JSON.stringify(suppression)}`} suppression={suppression} matched={counts[index] ?? 0}
                    onRemove={() => void save({ suppressions: list.filter((_, i) => i !== index) })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

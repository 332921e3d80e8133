import { useMemo, useState } from 'react';
import { sanitizeText } from '../../src-shared/sanitize';
import type { Suppression } from '../../src-shared/settings';
import { EmptyState } from '../components/EmptyState';
import { describeSuppression, expiryText, suppressionCountsShown, type SuppressionCount } from '../logic/suppressions';
import { SaveStatus, useSaveSettings } from '../store/use-save-settings';
import { useDashboard } from '../store/use-dashboard';

function SuppressionRow({ suppression, matched, onRemove }: { suppression: Suppression; matched: SuppressionCount; onRemove: () => void }) {
  const [openedAt] = useState(Date.now); // expiry as of when the view was opened (render stays pure)
  const expiry = expiryText(suppression, openedAt);
  return (
    <tr className={expiry === 'expired' ? 'warn' : ''} data-testid="suppression-row">
      <td className="mono">{sanitizeText(describeSuppression(suppression))}</td>
      <td>{suppression.reason ? sanitizeText(suppression.reason) : <span className="muted">—</span>}</td>
      <td>{expiry}</td>
      <td className="num" data-testid="suppression-matched" title={matched.fromEngine ? undefined : WINDOW_COUNT_HINT}>
        {matched.count}
        {matched.fromEngine ? '' : '*'}
      </td>
      <td>
        <button type="button" className="button button-small" onClick={onRemove}>
          Remove
        </button>
      </td>
    </tr>
  );
}

const WINDOW_COUNT_HINT = "Counted from the alerts this window holds; the engine's count arrives with the next tick";

/** Every suppression in the settings, how many of the session's alerts each holds, and removal. */
export function SuppressionsView() {
  const suppressions = useDashboard((state) => state.settings?.suppressions);
  const alerts = useDashboard((state) => state.alerts);
  const engineCounts = useDashboard((state) => state.suppressionCounts);
  const counts = useMemo(() => suppressionCountsShown(suppressions ?? [], engineCounts, alerts), [suppressions, engineCounts, alerts]);
  const { message, save } = useSaveSettings('suppressions');

  if (!suppressions)
    return (
      <div className="view">
        <EmptyState title="Loading settings…" tone="loading" />
      </div>
    );
  const list = suppressions;
  return (
    <div className="view">
      <section className="card">
        <h2>
          Suppressions <span className="muted">({list.length})</span>
        </h2>
        <p className="hint">
          A suppressed alert is still recorded and exported with the suppression that matched, but raises no notification and counts in no severity total or
          risk. Removing a suppression turns its alerts active again at once.
        </p>
        <SaveStatus message={message} />
        {counts.some((c) => !c.fromEngine) && list.length > 0 && <p className="hint">* {WINDOW_COUNT_HINT}.</p>}
        {list.length === 0 ? (
          <EmptyState title="Nothing is suppressed">Use "Suppress…" on an alert in the Threat timeline.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Suppressions">
              <thead>
                <tr>
                  <th>Suppresses</th>
                  <th>Reason</th>
                  <th>Expires</th>
                  <th className="num">Alerts now</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((suppression, index) => (
                  <SuppressionRow
                    key={`${index}|${JSON.stringify(suppression)}`}
                    suppression={suppression}
                    matched={counts[index] ?? { count: 0, fromEngine: false }}
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

import type { Alert } from '../../src-shared/model';
import { formatClock } from '../logic/format';
import { SeverityBadge } from './SeverityBadge';
import { TechniqueLink } from './TechniqueLink';

interface AlertListProps {
  alerts: readonly Alert[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}

/** Newest first; each row selects its evidence, the ATT&CK id is a separate link. */
export function AlertList({ alerts, selectedId, onSelect }: AlertListProps) {
  return (
    <ul className="alert-list" aria-label="Alerts, newest first" data-testid="alert-list">
      {alerts.map((alert) => (
        <li key={alert.id} className={`alert-row sev-${alert.severity.toLowerCase()} ${alert.id === selectedId ? 'selected' : ''}`}>
          <button
            type="button"
            className="alert-select"
            aria-pressed={alert.id === selectedId}
            onClick={() => onSelect(alert.id)}
          >
            <SeverityBadge level={alert.severity} />
            <span className="alert-title">{alert.title}</span>
            <span className="alert-count" title="Occurrences">×{alert.count}</span>
            <span className="alert-times">
              first {formatClock(alert.firstSeen)} · last {formatClock(alert.lastSeen)}
            </span>
          </button>
          <TechniqueLink techniqueId={alert.techniqueId} />
        </li>
      ))}
    </ul>
  );
}

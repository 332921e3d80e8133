import { sanitizeText } from '../../src-shared/sanitize';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Alert } from '../../src-shared/model';
import { formatClock } from '../../src-shared/format';
import { SeverityBadge } from './SeverityBadge';
import { TechniqueLink } from './TechniqueLink';

/** Row pitch: a 48 px row plus a 4 px gap (see .alert-row). */
export const ALERT_ROW_PITCH = 52;

interface AlertListProps {
  alerts: readonly Alert[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  /** Opens "Suppress…" for the alert. */
  onSuppress?: (id: string) => void;
}

/** Newest first; each row selects its evidence, the ATT&CK id is a separate link. Only the rows in view are in the DOM. */
export function AlertList({ alerts, selectedId, onSelect, onSuppress }: AlertListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: alerts.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ALERT_ROW_PITCH,
    getItemKey: (index) => alerts[index]?.id ?? index,
    overscan: 8,
  });

  return (
    <div className="alert-scroll" ref={scroller} data-testid="alert-scroll">
      <ul className="alert-list" aria-label="Alerts, newest first" data-testid="alert-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const alert = alerts[item.index];
          if (!alert) return null;
          return (
            <li
              key={alert.id}
              aria-setsize={alerts.length}
              aria-posinset={item.index + 1}
              className={`alert-row sev-${alert.severity.toLowerCase()}${alert.id === selectedId ? ' selected' : ''}${alert.status === 'suppressed' ? ' suppressed' : ''}`}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <button type="button" className="alert-select" aria-pressed={alert.id === selectedId} onClick={() => onSelect(alert.id)}>
                <SeverityBadge level={alert.severity} />
                <span className="alert-title">
                  {alert.status === 'suppressed' && <span className="tag">suppressed</span>} {sanitizeText(alert.title)}
                </span>
                <span className="alert-count" title="Occurrences">
                  ×{alert.count}
                </span>
                <span className="alert-times">
                  first {formatClock(alert.firstSeen)} · last {formatClock(alert.lastSeen)}
                </span>
              </button>
              <TechniqueLink techniqueId={alert.techniqueId} />
              {alert.status !== 'suppressed' && onSuppress && (
                <button type="button" className="button button-small row-suppress" title="Suppress this alert…" onClick={() => onSuppress(alert.id)}>
                  Suppress…
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

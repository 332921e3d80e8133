import { sanitizeText } from '../../src-shared/sanitize';
import { getTechnique } from '../../src-shared/attack';
import type { Alert, EvidenceValue } from '../../src-shared/model';
import { formatClock } from '../../src-shared/format';
import { formatEndpoint } from '../../src-shared/endpoint';
import { SeverityBadge } from './SeverityBadge';
import { TechniqueLink } from './TechniqueLink';

function evidenceText(value: EvidenceValue): string {
  if (value === null) return '—';
  if (Array.isArray(value)) return sanitizeText(value.join(', '));
  return sanitizeText(String(value));
}

/** Everything a responder needs about one alert: who, where, how much, and what to do. */
export function AlertEvidence({ alert }: { alert: Alert }) {
  const technique = getTechnique(alert.techniqueId);
  const evidence = Object.entries(alert.evidence);
  return (
    <section className="evidence" aria-label="Alert evidence" data-testid="alert-evidence">
      <h3>
        <SeverityBadge level={alert.severity} /> {sanitizeText(alert.title)}
      </h3>
      <p className="muted">{sanitizeText(alert.description)}</p>
      <dl className="facts">
        <dt>Technique</dt>
        <dd>
          <TechniqueLink techniqueId={alert.techniqueId} /> {technique?.name ?? 'Unknown technique'}
          {technique && <span className="muted"> ({technique.tactics.join(', ')})</span>}
        </dd>
        <dt>Rule</dt>
        <dd><code>{alert.ruleId}</code></dd>
        <dt>Process</dt>
        <dd>
          {alert.process ? (
            <>
              {sanitizeText(alert.process.name)} <span className="muted">pid {alert.process.pid}</span>
              {alert.process.exe && <div className="mono small">{sanitizeText(alert.process.exe)}</div>}
              {alert.process.cmdline && <div className="mono small">{sanitizeText(alert.process.cmdline)}</div>}
            </>
          ) : (
            <span className="muted">unknown (run elevated for full attribution)</span>
          )}
        </dd>
        <dt>Source</dt>
        <dd className="mono">{alert.source ? sanitizeText(formatEndpoint(alert.source.address, alert.source.port)) : '—'}</dd>
        <dt>Destination</dt>
        <dd className="mono">{alert.destination ? sanitizeText(formatEndpoint(alert.destination.address, alert.destination.port)) : '—'}</dd>
        <dt>Seen</dt>
        <dd>
          {alert.count} × · first {formatClock(alert.firstSeen)} · last {formatClock(alert.lastSeen)}
        </dd>
      </dl>
      {evidence.length > 0 && (
        <>
          <h4>Evidence</h4>
          <dl className="facts">
            {evidence.map(([key, value]) => (
              <div key={key} className="fact">
                <dt>{sanitizeText(key)}</dt>
                <dd className="mono">{evidenceText(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <h4>Recommendation</h4>
      <p className="recommendation">{technique?.recommendation ?? 'Investigate the process and endpoints above.'}</p>
    </section>
  );
}

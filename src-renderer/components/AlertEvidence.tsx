import { sanitizeText } from '../../src-shared/sanitize';
import { getTechnique } from '../../src-shared/attack';
import { formatEndpoint, geoLabel, serviceName } from '../../src-shared/endpoint';
import type { Alert, Endpoint, EvidenceValue } from '../../src-shared/model';
import { formatClock } from '../../src-shared/format';
import { SeverityBadge } from './SeverityBadge';
import { describeSuppression } from '../logic/suppressions';
import { dashboardStore, useDashboard } from '../store/use-dashboard';
import { SuppressForm } from './SuppressForm';
import { TechniqueLink } from './TechniqueLink';

/** Whether the alert is suppressed (and by what), or the button that opens "Suppress…". */
function SuppressionLine({ alert, formOpen }: { alert: Alert; formOpen: boolean }) {
  if (alert.status === 'suppressed') {
    const by = alert.suppressedBy;
    return (
      <p className="suppressed-note" data-testid="suppressed-note">
        Suppressed{by ? ` by ${sanitizeText(describeSuppression(by))}` : ''}
        {by?.reason ? ` (${sanitizeText(by.reason)})` : ''}: recorded, but not counted and not notified. Remove it in Suppressions.
      </p>
    );
  }
  if (formOpen) return null;
  return (
    <button type="button" className="button button-small" onClick={() => dashboardStore.getState().openSuppressForm(alert.id)}>
      Suppress…
    </button>
  );
}

function evidenceText(value: EvidenceValue): string {
  if (value === null) return '—';
  if (Array.isArray(value)) return sanitizeText(value.join(', '));
  return sanitizeText(String(value));
}

/** "8.8.8.8:53 (domain) · US · AS15169 Google LLC": the service and, for external addresses, country and AS. */
function EndpointText({ endpoint }: { endpoint: Endpoint | undefined }) {
  if (!endpoint) return <>—</>;
  const service = serviceName(endpoint.port);
  const geo = geoLabel(endpoint.geo);
  return (
    <>
      {sanitizeText(formatEndpoint(endpoint.address, endpoint.port))}
      {service && <span className="muted"> ({service})</span>}
      {geo && <span className="muted"> · {sanitizeText(geo)}</span>}
    </>
  );
}

/** The process behind the alert: name, pid, executable and command line, or why it is unknown. */
function ProcessText({ process }: { process: Alert['process'] }) {
  if (!process) return <span className="muted">unknown (run elevated for full attribution)</span>;
  return (
    <>
      {sanitizeText(process.name)} <span className="muted">pid {process.pid}</span>
      {process.exe && <div className="mono small">{sanitizeText(process.exe)}</div>}
      {process.cmdline && <div className="mono small">{sanitizeText(process.cmdline)}</div>}
    </>
  );
}

/** The rule's own evidence, key by key; nothing when the rule recorded none. */
function EvidenceFacts({ evidence }: { evidence: Alert['evidence'] }) {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return null;
  return (
    <>
      <h4>Evidence</h4>
      <dl className="facts">
        {entries.map(([key, value]) => (
          <div key={key} className="fact">
            <dt>{sanitizeText(key)}</dt>
            <dd className="mono">{evidenceText(value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** Everything a responder needs about one alert: who, where, how much, and what to do. */
/** `readOnly`: a past session (History), where "Suppress…" is not offered. */
export function AlertEvidence({ alert, readOnly = false }: { alert: Alert; readOnly?: boolean }) {
  const technique = getTechnique(alert.techniqueId);
  const formOpen = useDashboard((state) => !readOnly && state.suppressFormFor === alert.id);
  return (
    <section className="evidence" aria-label="Alert evidence" data-testid="alert-evidence">
      <h3>
        <SeverityBadge level={alert.severity} /> {sanitizeText(alert.title)}
      </h3>
      <p className="muted">{sanitizeText(alert.description)}</p>
      <SuppressionLine alert={alert} formOpen={formOpen || readOnly} />
      {formOpen && <SuppressForm key={alert.id} alert={alert} />}
      <dl className="facts">
        <dt>Technique</dt>
        <dd>
          <TechniqueLink techniqueId={alert.techniqueId} /> {technique?.name ?? 'Unknown technique'}
          {technique && <span className="muted"> ({technique.tactics.join(', ')})</span>}
        </dd>
        <dt>Rule</dt>
        <dd>
          <code>{alert.ruleId}</code>
        </dd>
        <dt>Process</dt>
        <dd>
          <ProcessText process={alert.process} />
        </dd>
        <dt>Source</dt>
        <dd className="mono">
          <EndpointText endpoint={alert.source} />
        </dd>
        <dt>Destination</dt>
        <dd className="mono">
          <EndpointText endpoint={alert.destination} />
        </dd>
        <dt>Seen</dt>
        <dd>
          {alert.count} × · first {formatClock(alert.firstSeen)} · last {formatClock(alert.lastSeen)}
        </dd>
      </dl>
      <EvidenceFacts evidence={alert.evidence} />
      <h4>Recommendation</h4>
      <p className="recommendation">{technique?.recommendation ?? 'Investigate the process and endpoints above.'}</p>
    </section>
  );
}

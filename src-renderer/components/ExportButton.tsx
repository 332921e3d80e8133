import { sanitizeText } from '../../src-shared/sanitize';
import { api } from '../bridge';
import { formatBytes } from '../../src-shared/format';
import { exportReport } from '../store/session-actions';
import { dashboardStore, useDashboard } from '../store/use-dashboard';

/** Asks main to write the report (main picks the path); shows where it went or why it failed. */
export function ExportButton() {
  const exportState = useDashboard((state) => state.exportState);
  const hasSession = useDashboard((state) => state.status.startedAt !== undefined || state.seq > 0);
  const bridge = api;
  return (
    <div className="export">
      <button
        type="button"
        className="button"
        disabled={!bridge || !hasSession || exportState.kind === 'pending'}
        title={hasSession ? 'Write a JSON report of this session' : 'Start a session first'}
        onClick={() => bridge && void exportReport(bridge, dashboardStore)}
      >
        {exportState.kind === 'pending' ? 'Exporting…' : 'Export Report'}
      </button>
      <span className="export-result" role="status" aria-live="polite">
        {exportState.kind === 'saved' && (
          <span className="export-saved ok" title={sanitizeText(exportState.path)}>
            <span>Saved</span>
            <code className="export-path" data-testid="export-path">
              {sanitizeText(exportState.path)}
            </code>
            <span>({formatBytes(exportState.bytes)})</span>
          </span>
        )}
        {exportState.kind === 'canceled' && <span className="muted">Export canceled</span>}
        {exportState.kind === 'failed' && <span className="error">Export failed (details below)</span>}
      </span>
    </div>
  );
}

/** The whole reason of a failed export, where it can be read in full, and where the data went instead. */
export function ExportFailure() {
  const exportState = useDashboard((state) => state.exportState);
  if (exportState.kind !== 'failed') return null;
  return (
    <div className="banner banner-error banner-dismissable" role="alert" data-testid="export-error">
      <p>
        Export failed: {sanitizeText(exportState.error)}
        {exportState.fallbackPath ? (
          <>
            {' '}
            — nothing is lost: the report was saved instead to <code>{sanitizeText(exportState.fallbackPath)}</code>
          </>
        ) : (
          <> — the session data is kept; try exporting to another folder.</>
        )}
      </p>
      <button type="button" className="button button-small" onClick={() => dashboardStore.getState().dismissExport()}>
        Dismiss
      </button>
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { JournalSessionDetail, JournalSessionSummary } from '../../src-shared/journal';
import { SEVERITIES } from '../../src-shared/model';
import { sanitizeText } from '../../src-shared/sanitize';
import { api } from '../bridge';
import { EmptyState } from '../components/EmptyState';
import { SeverityBadge } from '../components/SeverityBadge';
import { formatDateTime, formatDuration } from '../../src-shared/format';
import { useDashboard } from '../store/use-dashboard';
import { HistorySessionView } from './HistorySessionView';
import { errorMessage } from '../../src-shared/error-message';

function SessionRow({ session, running, onOpen }: { session: JournalSessionSummary; running: boolean; onOpen: () => void }) {
  const note = session.complete ? '' : running ? ' (running now)' : ' (unfinished)';
  return (
    <tr data-testid="history-row">
      <td className="mono">{formatDateTime(session.startedAt)}</td>
      <td className="mono">
        {formatDuration(session.durationMs)}
        {note}
      </td>
      <td className="ellipsis">{sanitizeText(session.hostname)}</td>
      {SEVERITIES.map((severity) => (
        <td key={severity} className="mono">
          {session.counts[severity]}
        </td>
      ))}
      <td>
        <SeverityBadge level={session.risk} />
      </td>
      <td>
        <button type="button" className="button button-small" onClick={onOpen}>
          Open
        </button>
      </td>
    </tr>
  );
}

function SessionsTable({
  sessions,
  runningSince,
  onOpen,
}: {
  sessions: JournalSessionSummary[];
  runningSince: number | undefined;
  onOpen: (id: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Past sessions">
        <thead>
          <tr>
            <th>Started</th>
            <th>Duration</th>
            <th>Host</th>
            {SEVERITIES.map((severity) => (
              <th key={severity}>{severity}</th>
            ))}
            <th>Risk</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <SessionRow key={session.id} session={session} running={session.startedAt === runningSince} onOpen={() => onOpen(session.id)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The journaled sessions main lists, read again on `refresh` (which also clears the error). */
function useSessionList() {
  const [sessions, setSessions] = useState<JournalSessionSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  /** Bumped to read the list again. */
  const [generation, setGeneration] = useState(0);
  const refresh = (): void => {
    setError(undefined);
    setGeneration((n) => n + 1);
  };
  useEffect(() => {
    let current = true;
    api?.listSessions().then(
      (list) => {
        if (current) setSessions(list);
      },
      (e: unknown) => {
        if (current) setError(errorMessage(e));
      },
    );
    return () => {
      current = false;
    };
  }, [generation]);
  return { sessions, error, setError, refresh };
}

/** Past sessions from the journals main keeps; one opens read-only in the timeline and alert views. */
export function HistoryView() {
  const { sessions, error, setError, refresh } = useSessionList();
  const [opened, setOpened] = useState<JournalSessionDetail | undefined>();
  const status = useDashboard((state) => state.status);
  const runningSince = status.state === 'running' || status.state === 'stopping' ? status.startedAt : undefined;

  const open = (id: string): void => {
    setError(undefined);
    api?.openSession(id).then(setOpened, (e: unknown) => setError(errorMessage(e)));
  };

  if (opened)
    return (
      <HistorySessionView
        detail={opened}
        onBack={() => {
          setOpened(undefined);
          refresh();
        }}
      />
    );
  return (
    <div className="view view-history">
      <section className="card">
        <div className="card-head">
          <h2>
            Past sessions <span className="muted">({sessions?.length ?? 0})</span>
          </h2>
          <button type="button" className="button button-small" onClick={refresh}>
            Refresh
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            Could not read the session journals: {sanitizeText(error)}
          </p>
        )}
        {sessions === undefined && !error && <EmptyState tone="loading" title="Reading the session journals…" />}
        {sessions?.length === 0 && <EmptyState title="No past sessions yet">Every session is journaled; once one has run it is listed here.</EmptyState>}
        {sessions && sessions.length > 0 && <SessionsTable sessions={sessions} runningSince={runningSince} onOpen={open} />}
      </section>
    </div>
  );
}

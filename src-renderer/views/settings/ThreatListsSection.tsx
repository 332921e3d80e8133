import { useEffect, useState } from 'react';
import type { ThreatListStatus } from '../../../src-shared/api';
import { sanitizeText } from '../../../src-shared/sanitize';
import { parseSettingsPatch, THREAT_LIST_KINDS, type MonitorSettings, type ThreatListKind } from '../../../src-shared/settings';
import { api } from '../../bridge';
import { formatCount } from '../../../src-shared/format';
import { SaveStatus, useSaveSettings } from '../../store/use-save-settings';
import { errorMessage } from '../../../src-shared/error-message';

const KIND_LABELS: Record<ThreatListKind, string> = { 'tor-relays': 'Tor relay list', 'bad-addresses': 'Known-bad addresses' };

function ListRow({ status, onRemove }: { status: ThreatListStatus; onRemove: () => void }) {
  return (
    <tr className={status.loaded ? '' : 'warn'} data-testid="threat-list-row">
      <td>
        {sanitizeText(status.name)}
        <div className="mono small muted">{sanitizeText(status.path)}</div>
      </td>
      <td>{KIND_LABELS[status.kind]}</td>
      <td className="num">{status.loaded ? formatCount(status.entries ?? 0) : '—'}</td>
      <td>{status.fileDate ? new Date(status.fileDate).toLocaleString('en-GB') : '—'}</td>
      <td>{status.problem ? <span role="note">⚠ {sanitizeText(status.problem)}</span> : 'loaded'}</td>
      <td>
        <button type="button" className="button button-small" onClick={onRemove}>
          Remove
        </button>
      </td>
    </tr>
  );
}

function ListsTable({ statuses, onRemove }: { statuses: ThreatListStatus[]; onRemove: (index: number) => void }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>List</th>
            <th>Kind</th>
            <th>Entries</th>
            <th>File date</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {statuses.map((status, index) => (
            <ListRow key={`${status.path}|${index}`} status={status} onRemove={() => onRemove(index)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** List files chosen through main's dialog; the core loads them (never fetched) and reports size and date. */
export function ThreatListsSection({ settings }: { settings: MonitorSettings }) {
  const [statuses, setStatuses] = useState<ThreatListStatus[]>();
  const [kind, setKind] = useState<ThreatListKind>('bad-addresses');
  const { message, save, fail } = useSaveSettings('lists');

  useEffect(() => {
    let live = true;
    api?.describeLists().then(
      (answer) => {
        if (live) setStatuses(answer);
      },
      (error: unknown) => {
        if (live) fail(`Could not read the lists: ${errorMessage(error)}`);
      },
    );
    return () => {
      live = false;
    };
  }, [settings.lists]);

  async function saveLists(lists: MonitorSettings['lists']) {
    const checked = parseSettingsPatch({ lists });
    if (checked.ok) await save(checked.value);
    else fail(checked.error);
  }
  async function add() {
    const path = await api?.chooseListFile();
    if (path) await saveLists([...settings.lists, { kind, path }]);
  }

  return (
    <section className="card" aria-label="Threat lists">
      <h2>Threat lists</h2>
      <p className="hint">Files on this computer, one address or CIDR a line (Tor: the exit list or consensus formats). Nothing is downloaded.</p>
      {settings.lists.length > 0 && <ListsTable statuses={statuses ?? []} onRemove={(index) => void saveLists(settings.lists.filter((_, i) => i !== index))} />}
      <div className="toolbar">
        <label>
          Kind{' '}
          <select value={kind} onChange={(event) => setKind(event.target.value as ThreatListKind)}>
            {THREAT_LIST_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={() => void add()}>
          Add list file…
        </button>
        <SaveStatus message={message} />
      </div>
    </section>
  );
}

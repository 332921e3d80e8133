import { sanitizeText } from '../../src-shared/sanitize';
import { useDeferredValue, useMemo, useState } from 'react';
import { ConnectionsTable } from '../components/ConnectionsTable';
import { EmptyState } from '../components/EmptyState';
import { ExportDataButton } from '../components/ExportDataButton';
import { addressesKey, externalAddressClassifier, hostAddresses } from '../../src-shared/address-class';
import {
  NO_FILTER,
  UNKNOWN_PROCESS,
  filterChoices,
  filterConnections,
  nextSort,
  sortConnections,
  type ConnectionFilter,
  type ConnectionSort,
} from '../../src-shared/connections-view';
import { formatCount } from '../../src-shared/format';
import { useDashboard } from '../store/use-dashboard';

const NO_CONNECTIONS: never[] = [];

/** The text filter and the state and process choices above the table. */
function FilterControls({
  filter,
  choices,
  onChange,
}: {
  filter: ConnectionFilter;
  choices: ReturnType<typeof filterChoices>;
  onChange: (filter: ConnectionFilter) => void;
}) {
  return (
    <>
      <label>
        <span className="visually-hidden">Filter connections</span>
        <input
          type="search"
          placeholder="Filter: process, pid, address, port, state"
          value={filter.text}
          onChange={(event) => onChange({ ...filter, text: event.target.value })}
        />
      </label>
      <label>
        State{' '}
        <select value={filter.state} onChange={(event) => onChange({ ...filter, state: event.target.value })}>
          <option value="">any</option>
          {choices.states.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </label>
      <label>
        Process{' '}
        <select value={filter.process} onChange={(event) => onChange({ ...filter, process: event.target.value })}>
          <option value="">any</option>
          {choices.processes.map((name) => (
            <option key={name} value={name}>
              {name === UNKNOWN_PROCESS ? 'unknown owner' : sanitizeText(name)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

export function ConnectionsView() {
  const connections = useDashboard((state) => state.snapshot?.connections ?? NO_CONNECTIONS);
  const homeNet = useDashboard((state) => state.settings?.homeNet);
  const [filter, setFilter] = useState<ConnectionFilter>(NO_FILTER);
  const [sort, setSort] = useState<ConnectionSort | undefined>(undefined);
  const deferredText = useDeferredValue(filter.text);

  const snapshot = useDashboard((state) => state.snapshot);
  const localAddresses = useMemo(() => (snapshot ? hostAddresses(snapshot) : []), [snapshot]);
  const localKey = addressesKey(localAddresses);
  // Rebuilt only when HOME_NET or the host's addresses change, so its cache survives batches.
  const isExternal = useMemo(() => externalAddressClassifier(homeNet ?? [], localAddresses), [homeNet, localKey]);
  const choices = useMemo(() => filterChoices(connections), [connections]);
  const rows = useMemo(
    () => sortConnections(filterConnections(connections, { ...filter, text: deferredText }), sort),
    [connections, filter.state, filter.process, deferredText, sort],
  );
  const externalCount = useMemo(() => connections.filter((c) => isExternal(c.remoteAddress)).length, [connections, isExternal]);

  if (!snapshot) {
    return (
      <div className="view">
        <EmptyState title="No connections yet">Press Start: the first tick lists every TCP and UDP socket of this host.</EmptyState>
      </div>
    );
  }
  return (
    <div className="view view-connections">
      <div className="toolbar" role="search">
        <FilterControls filter={filter} choices={choices} onChange={setFilter} />
        <span className="muted" data-testid="connections-count">
          {rows.length === connections.length
            ? `${formatCount(connections.length)} connections`
            : `${formatCount(rows.length)} of ${formatCount(connections.length)} connections`}
          {' · '}
          <span className="text-external">{formatCount(externalCount)} external</span>
        </span>
        <ExportDataButton kind="connections-csv" label="Export CSV" />
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No connection matches the filter" />
      ) : (
        <ConnectionsTable rows={rows} sort={sort} onSort={(column) => setSort(nextSort(sort, column))} isExternal={isExternal} />
      )}
    </div>
  );
}

import { sanitizeText } from '../../src-shared/sanitize';
import { arpBindingKey } from '../../src-shared/arp-binding';
import type { ArpEntry } from '../../src-shared/model';
import { EmptyState } from '../components/EmptyState';
import { VirtualTable, type VirtualRow } from '../components/VirtualTable';
import { formatClock } from '../../src-shared/format';
import type { ArpHistory } from '../store/arp-history';
import { useDashboard } from '../store/use-dashboard';

const HEAD = ['IP', 'MAC', 'Vendor', 'Interface', 'State', 'MAC history this session'].map((label) => (
  <div key={label} role="columnheader">
    {label}
  </div>
));

function arpRow(entry: ArpEntry, history: ArpHistory, gatewayIp: string | undefined): VirtualRow {
  const sightings = history[arpBindingKey(entry)] ?? [];
  const changed = sightings.length > 1;
  const isGateway = entry.ip === gatewayIp;
  const historyText = sanitizeText(sightings.map((s) => `${s.mac} ${formatClock(s.firstSeen)}–${formatClock(s.lastSeen)}`).join(' → '));
  return {
    className: `${isGateway ? 'gateway' : ''}${changed ? ' risky' : ''}`,
    cells: (
      <>
        <div role="cell" className="mono ellipsis">
          {sanitizeText(entry.ip)}
          {isGateway && <span className="tag tag-gateway">gateway</span>}
        </div>
        <div role="cell" className="mono">
          {entry.mac ? sanitizeText(entry.mac) : '—'}
        </div>
        <div role="cell" className="ellipsis" title={entry.vendor ? sanitizeText(entry.vendor) : undefined}>
          {entry.localMac ? (
            <span className="tag tag-risky" title="The locally administered bit is set: a random or hand-set MAC, so no vendor can be trusted">
              random MAC
            </span>
          ) : entry.vendor ? (
            sanitizeText(entry.vendor)
          ) : (
            <span className="muted">unknown</span>
          )}
        </div>
        <div role="cell">{sanitizeText(entry.iface)}</div>
        <div role="cell">{entry.state}</div>
        <div role="cell" className={changed ? 'mono ellipsis' : 'muted'} title={changed ? historyText : undefined}>
          {changed ? historyText : 'unchanged'}
        </div>
      </>
    ),
  };
}

export function ArpView() {
  const snapshot = useDashboard((state) => state.snapshot);
  const history = useDashboard((state) => state.arpHistory);

  if (!snapshot) {
    return (
      <div className="view">
        <EmptyState title="No ARP table yet">The neighbour table is read on every tick.</EmptyState>
      </div>
    );
  }
  const gatewayIp = snapshot.gateway?.ip;
  return (
    <div className="view">
      <p className="muted">
        Default gateway: {gatewayIp ? <strong className="mono">{sanitizeText(gatewayIp)}</strong> : 'none found'}
        {snapshot.gateway?.mac && <span className="mono"> ({sanitizeText(snapshot.gateway.mac)})</span>}
        {snapshot.gateway?.iface && <> via {sanitizeText(snapshot.gateway.iface)}</>}
      </p>
      {snapshot.arp.length === 0 ? (
        <EmptyState title="The ARP table is empty">This host has not talked to any neighbour on its LAN yet.</EmptyState>
      ) : (
        <VirtualTable
          label="ARP table"
          rows={snapshot.arp}
          head={HEAD}
          columnsClass="arp-cols"
          testId="arp-scroll"
          renderRow={(entry) => arpRow(entry, history, gatewayIp)}
        />
      )}
    </div>
  );
}

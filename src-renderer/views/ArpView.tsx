import { EmptyState } from '../components/EmptyState';
import { formatClock } from '../logic/format';
import { useDashboard } from '../store/use-dashboard';

export function ArpView() {
  const snapshot = useDashboard((state) => state.snapshot);
  const history = useDashboard((state) => state.arpHistory);

  if (!snapshot) {
    return <div className="view"><EmptyState title="No ARP table yet">The neighbour table is read on every tick.</EmptyState></div>;
  }
  const gatewayIp = snapshot.gateway?.ip;
  return (
    <div className="view">
      <p className="muted">
        Default gateway: {gatewayIp ? <strong className="mono">{gatewayIp}</strong> : 'none found'}
        {snapshot.gateway?.mac && <span className="mono"> ({snapshot.gateway.mac})</span>}
        {snapshot.gateway?.iface && <> via {snapshot.gateway.iface}</>}
      </p>
      {snapshot.arp.length === 0 ? (
        <EmptyState title="The ARP table is empty">This host has not talked to any neighbour on its LAN yet.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="ARP table">
            <thead>
              <tr><th scope="col">IP</th><th scope="col">MAC</th><th scope="col">Interface</th><th scope="col">State</th><th scope="col">MAC history this session</th></tr>
            </thead>
            <tbody>
              {snapshot.arp.map((entry) => {
                const sightings = history[entry.ip] ?? [];
                const changed = sightings.length > 1;
                const isGateway = entry.ip === gatewayIp;
                return (
                  <tr key={`${entry.ip}|${entry.iface}`} className={`${isGateway ? 'gateway' : ''} ${changed ? 'risky' : ''}`}>
                    <td className="mono">
                      {entry.ip}
                      {isGateway && <span className="tag tag-gateway">gateway</span>}
                    </td>
                    <td className="mono">{entry.mac || '—'}</td>
                    <td>{entry.iface}</td>
                    <td>{entry.state}</td>
                    <td>
                      {changed ? (
                        <ol className="mac-history">
                          {sightings.map((sighting, index) => (
                            <li key={index} className="mono">
                              {sighting.mac} <span className="muted">{formatClock(sighting.firstSeen)}–{formatClock(sighting.lastSeen)}</span>
                            </li>
                          ))}
                        </ol>
                      ) : (
                        <span className="muted">unchanged</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

import { useMemo } from 'react';
import type { ListeningPort } from '../../src-shared/model';
import { EmptyState } from '../components/EmptyState';
import { formatEndpoint } from '../logic/format';
import { isWildcardAddress, riskyPortReason } from '../logic/risky-ports';
import { useDashboard } from '../store/use-dashboard';

const NO_PORTS: ListeningPort[] = [];

export function ListeningView() {
  const listening = useDashboard((state) => state.snapshot?.listening ?? NO_PORTS);
  const hasSnapshot = useDashboard((state) => state.snapshot !== undefined);
  const rows = useMemo(
    () => [...listening].sort((a, b) => Number(!riskyPortReason(a.port)) - Number(!riskyPortReason(b.port)) || a.port - b.port),
    [listening],
  );
  const riskyCount = rows.filter((port) => riskyPortReason(port.port)).length;

  if (!hasSnapshot) {
    return <div className="view"><EmptyState title="No listening ports yet">They are listed after the first tick.</EmptyState></div>;
  }
  if (rows.length === 0) {
    return <div className="view"><EmptyState title="Nothing is listening">No TCP listener or bound UDP socket was found.</EmptyState></div>;
  }
  return (
    <div className="view">
      <p className="muted">
        {rows.length} listening sockets · <span className="text-risky">{riskyCount} on risky ports</span> (listed first)
      </p>
      <div className="table-wrap">
        <table className="table" aria-label="Listening ports">
          <thead>
            <tr><th scope="col">Port</th><th scope="col">Proto</th><th scope="col">Address</th><th scope="col">Process</th><th scope="col">PID</th><th scope="col">Note</th></tr>
          </thead>
          <tbody>
            {rows.map((port) => {
              const reason = riskyPortReason(port.port);
              return (
                <tr key={`${port.protocol}${port.family}|${port.address}|${port.port}|${port.inode}`} className={reason ? 'risky' : ''}>
                  <td className="num">{port.port}</td>
                  <td>{port.protocol}{port.family === 6 ? '6' : ''}</td>
                  <td className="mono">
                    {formatEndpoint(port.address)}
                    {isWildcardAddress(port.address) && <span className="tag">all interfaces</span>}
                  </td>
                  <td>{port.process?.name ?? <span className="muted">unknown</span>}</td>
                  <td className="num">{port.process?.pid ?? '—'}</td>
                  <td>{reason && <span className="tag tag-risky">{reason}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

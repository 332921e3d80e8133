import type { Severity } from '../../src-shared/model';
import type { RiskLevel } from '../../src-shared/report';

export function SeverityBadge({ level }: { level: Severity | RiskLevel }) {
  return <span className={`badge badge-${level.toLowerCase()}`}>{level}</span>;
}

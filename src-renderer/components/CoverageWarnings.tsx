import { sanitizeText } from '../../src-shared/sanitize';
import { useDashboard } from '../store/use-dashboard';

/** What the collectors could not see, and what the user can do about it. */
export function CoverageWarnings() {
  const coverage = useDashboard((state) => state.snapshot?.coverage);
  const warnings = useDashboard((state) => state.warnings);
  const total = (coverage?.length ?? 0) + warnings.length;
  if (total === 0) return null;
  return (
    <details className="banner banner-warning coverage" data-testid="coverage-warnings">
      <summary>
        {total} coverage {total === 1 ? 'warning' : 'warnings'}: {sanitizeText(coverage?.[0]?.message ?? warnings[0] ?? '')}
      </summary>
      <ul>
        {coverage?.map((warning, index) => (
          <li key={`c${index}`}>
            <strong>{sanitizeText(warning.source)}</strong>: {sanitizeText(warning.message)}
            {warning.hint && <span className="hint"> — {sanitizeText(warning.hint)}</span>}
          </li>
        ))}
        {warnings.map((warning, index) => (
          <li key={`w${index}`}>
            <strong>session</strong>: {sanitizeText(warning)}
          </li>
        ))}
      </ul>
    </details>
  );
}

import type { Severity } from '../../src-shared/model';

/** Chart colours; the same values as the --sev-* custom properties in styles.css. */
export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  CRITICAL: '#ff4d6d',
  HIGH: '#ff8c42',
  MEDIUM: '#ffd166',
  LOW: '#4cc9f0',
};

export const CHART_COLORS = { grid: '#2a3340', axis: '#8b98a9', accent: '#7aa2f7', accent2: '#9ece6a' } as const;

// Kept apart from run-dashboard.tsx so that a headless run can decide without loading Ink and React.

/** The environment variables with which Ink draws only the last frame (CI logs): no live dashboard then. */
export function dashboardUnavailableReason(env: NodeJS.ProcessEnv): string | undefined {
  const set = (key: string): boolean => key in env && env[key] !== '0' && env[key] !== 'false';
  if (set('CI') || set('CONTINUOUS_INTEGRATION')) return 'CI is set in the environment';
  if (env.TERM === 'dumb') return 'TERM is dumb';
  return undefined;
}

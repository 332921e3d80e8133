import { useLayoutEffect } from 'react';
import { lastApplyStartTime } from '../store/dashboard-store';
import { useDashboard } from '../store/use-dashboard';

export const COMMIT_MEASURE = 'netsentinel:applyToCommit';

/** Measures from the store's applyBatch to React's commit of that batch (DOM updated, before paint). */
export function RenderProbe() {
  const seq = useDashboard((state) => state.seq);
  useLayoutEffect(() => {
    if (seq === 0) return;
    performance.measure(COMMIT_MEASURE, { start: lastApplyStartTime(), detail: { seq } });
    performance.clearMeasures(COMMIT_MEASURE);
  }, [seq]);
  return null;
}

import { useEffect, useState } from 'react';
import type { SessionStatus } from '../../src-shared/api';
import { formatDuration } from '../../src-shared/format';

/** Ticks every second while running; shows the final duration after a stop. */
export function ElapsedTimer({ status }: { status: SessionStatus }) {
  const running = status.state === 'running';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const end = running ? now : (status.endedAt ?? now);
  const elapsed = status.startedAt === undefined ? 0 : end - status.startedAt;
  return (
    <span className="elapsed" aria-label="Elapsed time">
      {formatDuration(elapsed)}
    </span>
  );
}

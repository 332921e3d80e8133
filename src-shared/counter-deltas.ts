/** Per-interval increases of a cumulative counter; a reset (value going down) counts as zero. */
export function counterDeltas<Point extends { time: number }>(points: readonly Point[], read: (point: Point) => number): { time: number; value: number }[] {
  const deltas: { time: number; value: number }[] = [];
  for (let i = 1; i < points.length; i += 1) {
    const previous = points[i - 1];
    const current = points[i];
    if (!previous || !current) continue;
    deltas.push({ time: current.time, value: Math.max(0, read(current) - read(previous)) });
  }
  return deltas;
}

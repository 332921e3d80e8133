// Small sparklines for the system panel: one character per sample.
import type { Glyphs } from './glyphs';

/**
 * The last `width` values as sparkline characters, from 0 up to `ceiling` (default: the largest
 * value shown). Zero, negative and missing values draw the lowest level.
 */
export function sparkline(values: readonly number[], width: number, glyphs: Glyphs, ceiling?: number): string {
  const shown = values.slice(-Math.max(0, width)).map((v) => (Number.isFinite(v) ? Math.max(0, v) : 0));
  if (shown.length === 0 || width <= 0) return '';
  const levels = [...glyphs.spark];
  const top = ceiling ?? Math.max(...shown);
  return shown.map((v) => levels[top <= 0 ? 0 : Math.min(levels.length - 1, Math.round((v / top) * (levels.length - 1)))]).join('');
}

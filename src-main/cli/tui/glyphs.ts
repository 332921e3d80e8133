// The characters the dashboard draws with, in Unicode and in plain ASCII for terminals without it.
import stringWidth from 'string-width';
import { sanitizeText } from '../../../src-shared/sanitize';

export interface Glyphs {
  unicode: boolean;
  ellipsis: string;
  /** Sparkline levels, lowest first. */
  spark: string;
  border: 'round' | 'classic';
  separator: string;
}

export const UNICODE_GLYPHS: Glyphs = { unicode: true, ellipsis: '…', spark: '▁▂▃▄▅▆▇█', border: 'round', separator: '│' };
export const ASCII_GLYPHS: Glyphs = { unicode: false, ellipsis: '~', spark: '_.-:=+*#', border: 'classic', separator: '|' };

const ASCII_FOR: Readonly<Record<string, string>> = { '—': '-', '–': '-', '…': '...', '×': 'x', '→': '->', '·': '.', '•': '*' };

/** Non-ASCII characters written with ASCII look-alikes, or "?" when there is none. */
export function toAscii(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\x00-\x7f]/gu, (char) => ASCII_FOR[char] ?? '?');
}

/** Any text for the screen: controls and bidi characters escaped, then ASCII when the terminal needs it. */
export function show(text: string, glyphs: Glyphs): string {
  const safe = sanitizeText(text);
  return glyphs.unicode ? safe : toAscii(safe);
}

/** Cuts `text` to at most `width` columns, ending with the ellipsis when cut. */
export function truncate(text: string, width: number, glyphs: Glyphs): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  const mark = stringWidth(glyphs.ellipsis) <= width ? glyphs.ellipsis : '';
  const room = width - stringWidth(mark);
  let kept = '';
  let used = 0;
  for (const char of text) {
    const w = stringWidth(char);
    if (used + w > room) break;
    kept += char;
    used += w;
  }
  return kept + mark;
}

/** `show`, cut and padded to exactly `width` columns (right-aligned when asked): one table cell. */
export function cell(text: string, width: number, glyphs: Glyphs, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(show(text, glyphs), width, glyphs);
  const pad = ' '.repeat(Math.max(0, width - stringWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}

/** A run of text drawn with one style. */
export interface Segment<Style> {
  text: string;
  style?: Style;
}

/** Segments cut so that together they take at most `width` columns (the last one cut ends with the ellipsis). */
export function fitSegments<Style>(segments: readonly Segment<Style>[], width: number, glyphs: Glyphs): Segment<Style>[] {
  const fitted: Segment<Style>[] = [];
  let used = 0;
  for (const segment of segments) {
    const text = show(segment.text, glyphs);
    const w = stringWidth(text);
    if (used + w <= width) {
      fitted.push({ ...segment, text });
      used += w;
      continue;
    }
    const cut = truncate(text, width - used, glyphs);
    if (cut) fitted.push({ ...segment, text: cut });
    break;
  }
  return fitted;
}

// Colours by meaning; none at all under NO_COLOR (bold, dim and inverse still mark things).
import type { RiskLevel } from '../../../src-shared/report';
import type { Glyphs } from './glyphs';
import type { Tone } from './panel-tables';
import type { TerminalCaps } from './terminal-caps';

const TONE_COLORS: Readonly<Record<Tone | 'CLEAN' | 'focus' | 'muted', string>> = {
  CRITICAL: 'magentaBright',
  HIGH: 'red',
  MEDIUM: 'yellow',
  LOW: 'cyan',
  CLEAN: 'green',
  external: 'yellow',
  risky: 'red',
  focus: 'cyan',
  muted: 'gray',
};

export interface Theme {
  glyphs: Glyphs;
  /** An Ink colour name, or undefined when colour is off. */
  color: (tone: Tone | RiskLevel | 'focus' | 'muted' | undefined) => string | undefined;
}

export function createTheme(caps: TerminalCaps, glyphs: Glyphs): Theme {
  return { glyphs, color: (tone) => (caps.color && tone ? TONE_COLORS[tone] : undefined) };
}

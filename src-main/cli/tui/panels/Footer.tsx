import { Text } from 'ink';
import { KEY_HELP } from '../header-lines';
import { show, truncate } from '../glyphs';
import type { Theme } from '../theme';
import { PANEL_TITLES, type PanelId } from '../view-model';

interface FooterProps {
  focus: PanelId;
  filter: string;
  editing: boolean;
  detail: boolean;
  width: number;
  theme: Theme;
}

export function Footer({ focus, filter, editing, detail, width, theme }: FooterProps) {
  const { glyphs } = theme;
  let text = KEY_HELP;
  if (editing) text = `Filter ${PANEL_TITLES[focus]}: ${filter}_   (Enter keep, Esc clear)`;
  else if (detail) text = 'Esc/Enter back  q quit, write report';
  else if (filter) text = `Filter "${filter}" on ${PANEL_TITLES[focus]} (Esc clears)   ${KEY_HELP}`;
  return (
    <Text inverse={editing} wrap="truncate-end">
      {truncate(show(text, glyphs), width, glyphs)}
    </Text>
  );
}

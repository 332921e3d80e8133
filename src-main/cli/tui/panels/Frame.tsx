import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { show } from '../glyphs';
import type { Theme } from '../theme';

interface FrameProps {
  title: string;
  /** Right of the title: counts, the filter in use. */
  note?: string;
  focused: boolean;
  width: number;
  height: number;
  theme: Theme;
  children: ReactNode;
}

/** A bordered panel; the focused one has an inverse title (and a coloured border when colour is on). */
export function Frame({ title, note, focused, width, height, theme, children }: FrameProps) {
  return (
    <Box
      flexDirection="column" width={width} height={height} overflow="hidden"
      borderStyle={theme.glyphs.border} {...(focused && theme.color('focus') ? { borderColor: theme.color('focus') } : {})}
    >
      <Text wrap="truncate-end">
        <Text bold inverse={focused}>{` ${show(title, theme.glyphs)} `}</Text>
        {note ? <Text>{` ${show(note, theme.glyphs)}`}</Text> : null}
      </Text>
      {children}
    </Box>
  );
}

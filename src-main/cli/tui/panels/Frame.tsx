import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { fitSegments } from '../glyphs';
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
      flexDirection="column"
      width={width}
      height={height}
      overflow="hidden"
      borderStyle={theme.glyphs.border}
      {...(focused && theme.color('focus') ? { borderColor: theme.color('focus') } : {})}
    >
      <Box flexShrink={0}>
        <Text>
          {fitSegments(
            [
              { text: ` ${title} `, style: true },
              { text: note ? ` ${note}` : '', style: false },
            ],
            width - 2,
            theme.glyphs,
          ).map((segment, index) => (
            <Text key={index} bold={segment.style} inverse={focused && segment.style}>
              {segment.text}
            </Text>
          ))}
        </Text>
      </Box>
      {children}
    </Box>
  );
}

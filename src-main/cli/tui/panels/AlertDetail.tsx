import { Box, Text } from 'ink';
import type { Alert } from '../../../../src-shared/model';
import { alertDetailLines } from '../alert-detail';
import { cell, show, truncate } from '../glyphs';
import type { Theme } from '../theme';
import { Frame } from './Frame';

const LABEL = 12;
/** Lines that wrap (the explanation and the advice); every other value is cut to one line. */
const WRAPPED = new Set(['What', 'Do this']);

export function AlertDetail({ alert, width, height, theme }: { alert: Alert; width: number; height: number; theme: Theme }) {
  const { glyphs } = theme;
  const valueWidth = Math.max(8, width - 2 - LABEL - 1);
  const color = theme.color(alert.severity);
  return (
    <Frame title={alert.title} note={`${alert.techniqueId} ${alert.severity}`} focused width={width} height={height} theme={theme}>
      {alertDetailLines(alert).map(({ label, value }, index) => (
        <Box key={index} flexShrink={0}>
          <Text bold {...(color && index < 2 ? { color } : {})}>
            {cell(label, LABEL, glyphs)}{' '}
          </Text>
          <Box width={valueWidth}>
            {WRAPPED.has(label) ? (
              <Text wrap="wrap">{show(value.slice(0, valueWidth * 4), glyphs)}</Text>
            ) : (
              <Text>{truncate(show(value, glyphs), valueWidth, glyphs)}</Text>
            )}
          </Box>
        </Box>
      ))}
    </Frame>
  );
}

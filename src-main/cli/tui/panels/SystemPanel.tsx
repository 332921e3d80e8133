import { Text } from 'ink';
import type { SystemSeries } from '../metrics-history';
import { systemLines } from '../system-lines';
import type { Theme } from '../theme';
import { Frame } from './Frame';

export function SystemPanel({
  series,
  focused,
  width,
  height,
  theme,
}: {
  series: SystemSeries;
  focused: boolean;
  width: number;
  height: number;
  theme: Theme;
}) {
  return (
    <Frame title="System" note="last samples, one per tick" focused={focused} width={width} height={height} theme={theme}>
      {systemLines(series, width - 2, theme.glyphs).map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Frame>
  );
}

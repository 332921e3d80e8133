import { Box, Text } from 'ink';
import { countParts, statsLine, titleLine } from '../header-lines';
import { show, truncate } from '../glyphs';
import type { Theme } from '../theme';
import type { HeaderModel } from '../view-model';

export function Header({ header, version, width, theme }: { header: HeaderModel; version: string; width: number; theme: Theme }) {
  const { glyphs } = theme;
  const risk = theme.color(header.risk);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{truncate(show(titleLine(header, version, glyphs.separator), glyphs), width, glyphs)}</Text>
      <Text wrap="truncate-end">
        <Text>Risk </Text>
        <Text bold inverse={!risk && header.risk !== 'CLEAN'} {...(risk ? { color: risk } : {})}>{header.risk}</Text>
        {countParts(header).map(({ severity, text }) => {
          const color = header.counts[severity] > 0 ? theme.color(severity) : undefined;
          return <Text key={severity} bold={header.counts[severity] > 0} {...(color ? { color } : {})}>{`  ${text}`}</Text>;
        })}
        <Text>{show(`  ${glyphs.separator} ${statsLine(header, glyphs.separator)}`, glyphs)}</Text>
      </Text>
    </Box>
  );
}

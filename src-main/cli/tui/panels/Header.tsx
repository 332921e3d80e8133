import { Box, Text } from 'ink';
import { countParts, statsLine, titleLine } from '../header-lines';
import { fitSegments, show, truncate, type Segment } from '../glyphs';
import type { Theme } from '../theme';
import type { HeaderModel } from '../view-model';

interface Style {
  color?: string;
  bold?: boolean;
  inverse?: boolean;
}

/** The risk and severity counters, coloured by severity, then the table sizes and tick cost. */
function countersLine(header: HeaderModel, theme: Theme): Segment<Style>[] {
  const risk = theme.color(header.risk);
  const segments: Segment<Style>[] = [
    { text: 'Risk ' },
    { text: header.risk, style: { bold: true, ...(risk ? { color: risk } : { inverse: header.risk !== 'CLEAN' }) } },
  ];
  for (const { severity, text } of countParts(header)) {
    const active = header.counts[severity] > 0;
    const color = active ? theme.color(severity) : undefined;
    segments.push({ text: ` ${text}`, style: { bold: active, ...(color ? { color } : {}) } });
  }
  segments.push({ text: ` ${theme.glyphs.separator} ${statsLine(header, theme.glyphs.separator)}` });
  return segments;
}

export function Header({ header, version, width, theme }: { header: HeaderModel; version: string; width: number; theme: Theme }) {
  const { glyphs } = theme;
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      <Text bold>{truncate(show(titleLine(header, version, glyphs.separator), glyphs), width, glyphs)}</Text>
      <Text>
        {fitSegments(countersLine(header, theme), width, glyphs).map((segment, index) => (
          <Text key={index} {...segment.style}>
            {segment.text}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

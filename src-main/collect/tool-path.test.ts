import { describe, expect, it } from 'vitest';
import { absoluteToolPath, toolResolver } from './tool-path';
import { ToolRunner } from './tool-runner';

describe('tool paths', () => {
  it('finds ip and ss of this machine in the system folders', () => {
    expect(absoluteToolPath('ip')).toMatch(/^\/(usr\/)?s?bin\/ip$/);
    expect(absoluteToolPath('ss')).toMatch(/^\/(usr\/)?s?bin\/ss$/);
    expect(absoluteToolPath('no-such-tool-here')).toBeUndefined();
  });

  it('takes the first system folder that has the tool, in order', () => {
    const present = new Set(['/sbin/ip', '/usr/bin/ip']);
    expect(absoluteToolPath('ip', (p) => present.has(p))).toBe('/sbin/ip');
  });

  it('elevated, never looks in PATH: a tool only in PATH counts as missing', async () => {
    const ran: string[] = [];
    const runner = new ToolRunner(
      async (command) => {
        ran.push(command);
        return 'ok';
      },
      30,
      toolResolver(true, (p) => p === '/usr/sbin/ip'),
    );
    expect(await runner.run('ip', ['-j', 'neigh'])).toBe('ok');
    const missing = await runner.run('ss', ['-tin']);
    expect(missing).toMatchObject({ error: { code: 'ENOENT' } });
    expect(ran).toEqual(['/usr/sbin/ip']);
    const unprivileged = new ToolRunner(async (command) => command, 30, toolResolver(false));
    expect(await unprivileged.run('ss', [])).toBe('ss');
  });
});

import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../io';
import { ToolRunner } from '../tool-runner';
import { NeighbourReader, PROBE_TRAFFIC_REFRESH, probeTraffic } from './neighbours';

const readText = (path: string): Promise<string> => readFile(path, 'utf8');

/** Connects to a closed loopback port `count` times: each refusal is one RST this host sends. */
async function provokeResets(count: number): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve) => net.connect(port, '127.0.0.1').on('error', () => resolve()));
  }
}

const ipAvailable = await runCommand('ip', ['-s', 'neigh', 'show']).then(
  () => true,
  () => false,
);
if (!ipAvailable) console.log('[skip] NeighbourReader refresh: `ip` not runnable here (apt-get install iproute2)');

describe.skipIf(!ipAvailable)('NeighbourReader', () => {
  it('runs `ip -s neigh` again when probes just went (here: connects refused on loopback), though /proc/net/arp is unchanged', async () => {
    const tools = new ToolRunner(runCommand);
    const reader = new NeighbourReader(readText, tools);
    const arpText = await readText('/proc/net/arp');
    const quiet = await readText('/proc/net/snmp');
    await reader.collect([], { arpText, snmpText: quiet });
    await reader.collect([], { arpText, snmpText: quiet });
    expect(tools.started).toBe(1);

    await provokeResets(PROBE_TRAFFIC_REFRESH + 5);
    const after = await readText('/proc/net/snmp');
    expect((probeTraffic(after) ?? 0) - (probeTraffic(quiet) ?? 0)).toBeGreaterThanOrEqual(PROBE_TRAFFIC_REFRESH);
    const entries = await reader.collect([], { arpText, snmpText: after });
    expect(tools.started).toBe(2);
    for (const e of entries) expect(e.touchedAt).toBeGreaterThan(0);
    await reader.collect([], { arpText, snmpText: after });
    expect(tools.started).toBe(2);
  });
});

// One tick-cost size: our collector (and collector + engine) against systeminformation's
// networkConnections() on the same sockets, interleaved in one run, plus the /proc/net floor.
import si, { type Systeminformation } from 'systeminformation';
import type { HostSnapshot } from '../src-shared/model';
import { createCollector } from '../src-main/collect';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import { checkAttribution, type SocketRecord } from './attribution';
import { measureInterleaved, measureOnce } from './measure';
import { readProcNetTables } from './floor';
import type { Plan } from './plan';
import type { SizeResult } from './results-model';
import type { SocketFarm } from './socket-farm';

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

function ourRecords(snapshot: HostSnapshot): SocketRecord[] {
  return [
    ...snapshot.connections.map((c) => ({
      localAddress: c.localAddress,
      localPort: c.localPort,
      remoteAddress: c.remoteAddress,
      remotePort: c.remotePort,
      pid: c.process?.pid,
    })),
    ...snapshot.listening.map((l) => ({ localAddress: l.address, localPort: l.port, remoteAddress: '', remotePort: 0, pid: l.process?.pid })),
  ];
}

function siRecords(rows: Systeminformation.NetworkConnectionsData[]): SocketRecord[] {
  return rows.map((row) => ({
    localAddress: row.localAddress,
    localPort: Number(row.localPort),
    remoteAddress: row.peerAddress,
    remotePort: Number(row.peerPort),
    pid: row.pid ?? undefined,
  }));
}

export async function measureSize(label: string, farm: SocketFarm, plan: Plan): Promise<SizeResult> {
  log(`${label}: ${farm.sockets()} farm sockets; cold tick, then ${plan.rounds} interleaved rounds of collect / collect+detect / si`);
  const collectOnly = createCollector();
  const cold = await measureOnce(() => collectOnly.collect());
  const siFirst = await si.networkConnections();

  const collectAndDetect = createCollector();
  const engine = createEngine(defaultRules(), { homeNetCidrs: [] });
  // The same tick with the counter gate off: what a tick costs when every socket table must be re-read (a busy host).
  const fullReadCollector = createCollector({ socketTableMaxAgeMs: 0 });
  const fullReadEngine = createEngine(defaultRules(), { homeNetCidrs: [] });
  await fullReadCollector.collect();
  // The same tick without the raw/ping/packet tables and the rules that read them: their added cost.
  const noLowLevelCollector = createCollector({ lowLevelSockets: false });
  const noLowLevelEngine = createEngine(defaultRules({ packetCapture: { enabled: false }, icmpTunnel: { enabled: false } }), { homeNetCidrs: [] });
  await noLowLevelCollector.collect();
  const [collect, collectDetect, collectDetectFullRead, siResult, procNetRead, collectDetectNoLowLevel] = await measureInterleaved(
    [
      { name: 'collect', run: () => collectOnly.collect() },
      { name: 'collect+detect', run: async () => engine.evaluate(await collectAndDetect.collect()) },
      { name: 'collect+detect, full read', run: async () => fullReadEngine.evaluate(await fullReadCollector.collect()) },
      { name: 'si.networkConnections', run: () => si.networkConnections() },
      { name: 'read /proc/net tables', run: async () => readProcNetTables() },
      { name: 'collect+detect, no raw/ping/packet tables', run: async () => noLowLevelEngine.evaluate(await noLowLevelCollector.collect()) },
    ],
    plan.rounds,
    plan.warmupRounds,
  );
  if (!collect || !collectDetect || !collectDetectFullRead || !siResult || !procNetRead || !collectDetectNoLowLevel) throw new Error('measurement missing');
  return {
    label,
    farmSockets: farm.sockets(),
    farmPids: farm.pids,
    ours: {
      connections: cold.value.connections.length,
      listening: cold.value.listening.length,
      farm: checkAttribution(ourRecords(cold.value), farm.members),
      coldTickWallMs: cold.wallMs,
      coldTickCpuMs: cold.cpuMs,
    },
    siRows: siFirst.length,
    siFarm: checkAttribution(siRecords(siFirst), farm.members),
    collect,
    collectDetect,
    collectDetectFullRead,
    si: siResult,
    procNetRead,
    collectDetectNoLowLevel,
    lowLevelCost: {
      wallMedian: collectDetect.wallMs.median / collectDetectNoLowLevel.wallMs.median,
      cpu: collectDetect.cpuMsPerCall / collectDetectNoLowLevel.cpuMsPerCall,
    },
    speedup: {
      wallMedian: siResult.wallMs.median / collectDetect.wallMs.median,
      wallP95: siResult.wallMs.p95 / collectDetect.wallMs.p95,
      cpu: siResult.cpuMsPerCall / collectDetect.cpuMsPerCall,
      fullReadWallMedian: siResult.wallMs.median / collectDetectFullRead.wallMs.median,
      fullReadCpu: siResult.cpuMsPerCall / collectDetectFullRead.cpuMsPerCall,
    },
  };
}

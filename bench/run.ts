// `npm run bench`: tick cost with thousands of real loopback sockets, against systeminformation in
// the same run, plus a whole CLI run's CPU time and a session's memory over ticks.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import si, { type Systeminformation } from 'systeminformation';
import type { HostSnapshot } from '../src-shared/model';
import { createCollector } from '../src-main/collect';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import { checkAttribution, type SocketRecord } from './attribution';
import { runCliUnderTimes } from './cli-run';
import { enrichCostLines, measureEnrichCost } from './enrich-cost';
import { measureIoGraphCost } from './io-graph-cost';
import { measureInterleaved, measureOnce } from './measure';
import { nodeStartupCpuMs, readProcNetTables } from './floor';
import { CLI_PATH, FULL, QUICK, RESULTS_PATH, type Plan } from './plan';
import { batchSizeMain } from './batch-size-main';
import { profileMain } from './profile-main';
import {
  PYTHON_REFERENCE_CPU_MS, TARGET_CLI_SPEEDUP_VS_PYTHON, TARGET_TICK_SPEEDUP_VS_SI,
  type BenchResults, type CliResult, type SizeResult,
} from './results-model';
import { formatResults, ioGraphLines } from './results-table';
import { measureSessionMemory } from './session-memory';
import { openFilesLimit, startSocketFarm, type SocketFarm } from './socket-farm';

/** Processes on the host while the I/O graph's cost is measured. */
const IO_GRAPH_PROCESSES = 500;

const log = (message: string): void => { process.stderr.write(`[bench] ${message}\n`); };

function ourRecords(snapshot: HostSnapshot): SocketRecord[] {
  return [
    ...snapshot.connections.map((c) => ({
      localAddress: c.localAddress, localPort: c.localPort, remoteAddress: c.remoteAddress, remotePort: c.remotePort, pid: c.process?.pid,
    })),
    ...snapshot.listening.map((l) => ({ localAddress: l.address, localPort: l.port, remoteAddress: '', remotePort: 0, pid: l.process?.pid })),
  ];
}

function siRecords(rows: Systeminformation.NetworkConnectionsData[]): SocketRecord[] {
  return rows.map((row) => ({
    localAddress: row.localAddress, localPort: Number(row.localPort), remoteAddress: row.peerAddress, remotePort: Number(row.peerPort),
    pid: row.pid ?? undefined,
  }));
}

async function measureSize(label: string, farm: SocketFarm, plan: Plan): Promise<SizeResult> {
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
  const [collect, collectDetect, collectDetectFullRead, siResult, procNetRead, collectDetectNoLowLevel] = await measureInterleaved([
    { name: 'collect', run: () => collectOnly.collect() },
    { name: 'collect+detect', run: async () => engine.evaluate(await collectAndDetect.collect()) },
    { name: 'collect+detect, full read', run: async () => fullReadEngine.evaluate(await fullReadCollector.collect()) },
    { name: 'si.networkConnections', run: () => si.networkConnections() },
    { name: 'read /proc/net tables', run: async () => readProcNetTables() },
    { name: 'collect+detect, no raw/ping/packet tables', run: async () => noLowLevelEngine.evaluate(await noLowLevelCollector.collect()) },
  ], plan.rounds, plan.warmupRounds);
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

async function runCli(farm: SocketFarm, cli: NonNullable<Plan['cli']>): Promise<CliResult> {
  const dir = mkdtempSync(join(tmpdir(), 'netsentinel-bench-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir); // also when the bench is interrupted mid-run
  try {
    log(`CLI: ${farm.sockets()} farm sockets; monitor -d ${cli.durationSec} -i ${cli.intervalSec}`);
    const run = await runCliUnderTimes({
      cliPath: CLI_PATH, durationSec: cli.durationSec, intervalSec: cli.intervalSec,
      outputPath: join(dir, 'report.json'), expectedOwners: farm.pids, threadSampleMs: 250,
    });
    const nodeStartupMs = await nodeStartupCpuMs();
    return { ...run, farmSockets: farm.sockets(), nodeStartupCpuMs: nodeStartupMs, pythonReferenceCpuMs: PYTHON_REFERENCE_CPU_MS, speedupVsPython: PYTHON_REFERENCE_CPU_MS / run.cpuMs };
  } finally {
    process.removeListener('exit', removeDir);
    removeDir();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--profile')) return profileMain();
  if (process.argv.includes('--batch-size')) return batchSizeMain(process.argv.includes('--quick'));
  const plan = process.argv.includes('--quick') ? QUICK : FULL;
  const enrichCost = async (): Promise<void> => {
    process.stdout.write(`\n${enrichCostLines(await measureEnrichCost(plan.rounds, plan.warmupRounds)).join('\n')}\n`);
  };
  if (process.argv.includes('--enrich-only')) return enrichCost();
  const gc = globalThis.gc;
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc (the memory figures need a full GC)');
  if (process.platform !== 'linux') throw new Error('the bench measures the Linux collector; run it on Linux');
  const began = performance.now();
  const firstSize = plan.sizes[0];
  const lastSize = plan.sizes.at(-1);
  if (!firstSize || !lastSize) throw new Error('empty plan');
  const largest = Math.max(lastSize.pairsPerChild, plan.cli?.pairsPerChild ?? 0);

  log(`starting ${plan.processes} socket-farm children`);
  const farm = await startSocketFarm({ processes: plan.processes, pairsPerChild: firstSize.pairsPerChild, maxPairsPerChild: largest });
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the socket farm`);
    void farm.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  const sizes: SizeResult[] = [];
  let cli: CliResult | null = null;
  let memory: BenchResults['memory'] = null;
  let ioGraph: BenchResults['ioGraph'] = null;
  const ioGraphAt = async (): Promise<void> => {
    log(`I/O graph: ${farm.sockets()} farm sockets, ~${IO_GRAPH_PROCESSES} processes; ${plan.rounds} interleaved rounds with and without it`);
    ioGraph = await measureIoGraphCost(farm.sockets(), IO_GRAPH_PROCESSES, plan.rounds, plan.warmupRounds);
  };
  if (process.argv.includes('--io-graph-only')) {
    try {
      await farm.growTo(lastSize.pairsPerChild);
      await ioGraphAt();
    } finally {
      await farm.stop();
    }
    if (ioGraph) process.stdout.write(`\n${ioGraphLines(ioGraph).join('\n')}\n`);
    return;
  }
  try {
    // The farm only grows, so sizes and the CLI run go in ascending order of sockets.
    const steps = [
      ...plan.sizes.map((size) => ({ kind: 'size' as const, pairs: size.pairsPerChild, label: size.label })),
      ...(plan.cli ? [{ kind: 'cli' as const, pairs: plan.cli.pairsPerChild, label: 'cli' }] : []),
    ].sort((a, b) => a.pairs - b.pairs);
    for (const step of steps) {
      await farm.growTo(step.pairs);
      if (step.kind === 'size') sizes.push(await measureSize(step.label, farm, plan));
      if (step.kind === 'size' && step.label === lastSize.label) await ioGraphAt();
      else if (plan.cli) cli = await runCli(farm, plan.cli);
    }
    log(`memory: MonitorSession for ${plan.memoryTicks * 2} ticks at ${farm.sockets()} farm sockets`);
    memory = await measureSessionMemory(plan.memoryTicks, plan.memoryIntervalMs, gc);
  } finally {
    await farm.stop();
  }

  const largestSize = sizes.at(-1);
  const limitMs = PYTHON_REFERENCE_CPU_MS / TARGET_CLI_SPEEDUP_VS_PYTHON;
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? '?', node: process.version, kernel: release(), openFilesLimit: openFilesLimit() },
    mode: plan.mode,
    durationSec: (performance.now() - began) / 1000,
    sizes,
    cli,
    memory,
    ioGraph,
    targets: {
      tickAtLargestSizeAtLeast5xCheaperThanSi: {
        met: !!largestSize && largestSize.speedup.wallMedian >= TARGET_TICK_SPEEDUP_VS_SI && largestSize.speedup.cpu >= TARGET_TICK_SPEEDUP_VS_SI,
        wallSpeedup: largestSize?.speedup.wallMedian ?? NaN,
        cpuSpeedup: largestSize?.speedup.cpu ?? NaN,
      },
      cliUnderTenthOfPython: { met: !!cli && cli.exitCode === 0 && cli.cpuMs < limitMs, cpuMs: cli?.cpuMs ?? NaN, limitMs },
    },
  };
  process.stdout.write(`\n${formatResults(results)}\n`);
  await enrichCost();
  if (plan.mode === 'full') {
    mkdirSync(dirname(RESULTS_PATH), { recursive: true });
    writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${RESULTS_PATH}`);
  }
}

main().then(
  () => { process.exitCode = 0; },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

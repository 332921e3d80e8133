// `npm run bench`: tick cost with thousands of real loopback sockets, against systeminformation in
// the same run, a whole CLI run's CPU time, a session's memory over ticks, then every measurement
// module of bench/modules.ts. `--only <id>[,<id>…]` runs just those modules; `--quick` a smoke run.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCliUnderTimes, type CliRunResult } from './cli-run';
import { nodeStartupCpuMs } from './floor';
import { CLI_PATH, FULL, QUICK, RESULTS_PATH, type Plan } from './plan';
import { batchSizeMain } from './batch-size-main';
import type { BenchModule } from './module';
import { BENCH_MODULES } from './modules';
import { profileMain } from './profile-main';
import {
  PYTHON_REFERENCE_CPU_MS,
  TARGET_CLI_SPEEDUP_VS_PYTHON,
  TARGET_TICK_SPEEDUP_VS_SI,
  type BenchResults,
  type CliResult,
  type ModuleResult,
  type SizeResult,
} from './results-model';
import { formatResults } from './results-table';
import { measureSessionMemory } from './session-memory';
import { openFilesLimit, startSocketFarm, type SocketFarm } from './socket-farm';
import { measureSize } from './tick-cost';

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

async function runCli(farm: SocketFarm, cli: NonNullable<Plan['cli']>): Promise<CliResult> {
  const dir = mkdtempSync(join(tmpdir(), 'netsentinel-bench-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir); // also when the bench is interrupted mid-run
  try {
    const runs: CliRunResult[] = [];
    for (let i = 1; i <= cli.runs; i++) {
      log(`CLI run ${i}/${cli.runs}: ${farm.sockets()} farm sockets; monitor -d ${cli.durationSec} -i ${cli.intervalSec}`);
      runs.push(
        await runCliUnderTimes({
          cliPath: CLI_PATH,
          durationSec: cli.durationSec,
          intervalSec: cli.intervalSec,
          outputPath: join(dir, 'report.json'),
          expectedOwners: farm.pids,
          threadSampleMs: 250,
        }),
      );
    }
    // The run with the median CPU time (the lower middle one for an even count) stands for all.
    const run = [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor((runs.length - 1) / 2)];
    if (!run) throw new Error('plan.cli.runs must be at least 1');
    const nodeStartupMs = await nodeStartupCpuMs();
    return {
      ...run,
      runsCpuMs: runs.map((r) => r.cpuMs),
      farmSockets: farm.sockets(),
      nodeStartupCpuMs: nodeStartupMs,
      pythonReferenceCpuMs: PYTHON_REFERENCE_CPU_MS,
      speedupVsPython: PYTHON_REFERENCE_CPU_MS / run.cpuMs,
    };
  } finally {
    process.removeListener('exit', removeDir);
    removeDir();
  }
}

async function runModules(modules: readonly BenchModule[], plan: Plan, farm: SocketFarm | null): Promise<ModuleResult[]> {
  const results: ModuleResult[] = [];
  for (const module of modules) {
    const section = await module.run({ plan, farm: module.farm === 'shared' ? farm : null, log });
    results.push({ id: module.id, title: module.title, ...section });
  }
  return results;
}

/** `--only a,b`: those modules (unknown ids refused); undefined when the whole bench runs. */
function selectedModules(argv: readonly string[]): BenchModule[] | undefined {
  const at = argv.indexOf('--only');
  if (at < 0) return undefined;
  const ids = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = ids.filter((id) => !BENCH_MODULES.some((m) => m.id === id));
  if (ids.length === 0 || unknown.length > 0) throw new Error(`--only takes module ids among: ${BENCH_MODULES.map((m) => m.id).join(', ')}`);
  return BENCH_MODULES.filter((m) => ids.includes(m.id));
}

interface Measured {
  sizes: SizeResult[];
  cli: CliResult | null;
  memory: BenchResults['memory'];
  modules: ModuleResult[];
}

/** The shared farm only grows: its sizes (ascending), its modules, the CLI run and memory; then the 'own' modules. `only` skips to the modules. */
async function measure(plan: Plan, only: BenchModule[] | undefined, gc: () => void): Promise<Measured> {
  const lastSize = plan.sizes.at(-1);
  const firstSize = plan.sizes[0];
  if (!firstSize || !lastSize) throw new Error('empty plan');
  const modules = only ?? BENCH_MODULES;
  const out: Measured = { sizes: [], cli: null, memory: null, modules: [] };
  const shared = modules.filter((m) => m.farm === 'shared');
  if (!only || shared.length > 0) {
    log(`starting ${plan.processes} socket-farm children`);
    const largest = Math.max(lastSize.pairsPerChild, plan.cli?.pairsPerChild ?? 0);
    const farm = await startSocketFarm({
      processes: plan.processes,
      pairsPerChild: only ? lastSize.pairsPerChild : firstSize.pairsPerChild,
      maxPairsPerChild: largest,
    });
    try {
      if (!only) {
        for (const size of plan.sizes) {
          await farm.growTo(size.pairsPerChild);
          out.sizes.push(await measureSize(size.label, farm, plan));
        }
      }
      await farm.growTo(lastSize.pairsPerChild);
      out.modules.push(...(await runModules(shared, plan, farm)));
      if (!only && plan.cli) {
        await farm.growTo(plan.cli.pairsPerChild);
        out.cli = await runCli(farm, plan.cli);
        log(`memory: MonitorSession for ${plan.memoryTicks * 2} ticks at ${farm.sockets()} farm sockets`);
        out.memory = await measureSessionMemory(plan.memoryTicks, plan.memoryIntervalMs, gc);
      }
    } finally {
      await farm.stop();
    }
  }
  out.modules.push(
    ...(await runModules(
      modules.filter((m) => m.farm === 'own'),
      plan,
      null,
    )),
  );
  return out;
}

function targetsOf(plan: Plan, sizes: SizeResult[], cli: CliResult | null): BenchResults['targets'] {
  const spread = sizes.filter((s) => s.farmPids.length === plan.processes);
  const largestSize = spread.at(-1);
  const limitMs = PYTHON_REFERENCE_CPU_MS / TARGET_CLI_SPEEDUP_VS_PYTHON;
  return {
    tickAtLargestSizeAtLeast5xCheaperThanSi: {
      met: !!largestSize && largestSize.speedup.wallMedian >= TARGET_TICK_SPEEDUP_VS_SI && largestSize.speedup.cpu >= TARGET_TICK_SPEEDUP_VS_SI,
      wallSpeedup: largestSize?.speedup.wallMedian ?? NaN,
      cpuSpeedup: largestSize?.speedup.cpu ?? NaN,
    },
    cliUnderTenthOfPython: { met: !!cli && cli.exitCode === 0 && cli.cpuMs < limitMs, cpuMs: cli?.cpuMs ?? NaN, limitMs },
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--profile')) return profileMain();
  if (process.argv.includes('--batch-size')) return batchSizeMain(process.argv.includes('--quick'));
  const plan = process.argv.includes('--quick') ? QUICK : FULL;
  const only = selectedModules(process.argv);
  const gc = globalThis.gc;
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc (the memory figures need a full GC)');
  if (process.platform !== 'linux') throw new Error('the bench measures the Linux collector; run it on Linux');
  const began = performance.now();
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping`);
    process.exit(130); // the farm's and CLI runs' exit hooks kill their children
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  const { sizes, cli, memory, modules } = await measure(plan, only, gc);
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? '?', node: process.version, kernel: release(), openFilesLimit: openFilesLimit() },
    mode: plan.mode,
    durationSec: (performance.now() - began) / 1000,
    sizes,
    cli,
    memory,
    modules,
    targets: targetsOf(plan, sizes, cli),
  };
  process.stdout.write(`\n${formatResults(results)}\n`);
  if (plan.mode === 'full' && !only) {
    mkdirSync(dirname(RESULTS_PATH), { recursive: true });
    writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${RESULTS_PATH}`);
  }
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);

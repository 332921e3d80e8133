// The offline enrichment's cost (country + AS of every external remote address, MAC vendors) at
// 10,000 connections, against a baseline measured in the same run: the detection of the same tick.
// Subjects run interleaved on identical snapshots; every round brings 10,000 addresses never seen
// before (the lookup cache is cold: the worst case), and a warm subject repeats one tick's addresses.
import type { Connection, HostSnapshot } from '../src-shared/model';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import { enrichSnapshot } from '../src-main/enrich/enrich-snapshot';
import { Enricher } from '../src-main/enrich/enricher';
import { measureInterleaved, type SubjectResult } from './measure';
import type { BenchModule } from './module';

export const ENRICH_CONNECTIONS = 10_000;

export interface EnrichCost {
  connections: number;
  /** Addresses the data knew (country or AS) in the last cold round. */
  enriched: number;
  detect: SubjectResult;
  enrichCold: SubjectResult;
  enrichWarm: SubjectResult;
  /** (enrich + detect) / detect, CPU per call, cold cache. */
  coldCpuRatio: number;
  /** enrich alone, cold and warm, CPU ms per tick. */
  coldEnrichCpuMs: number;
  warmEnrichCpuMs: number;
}

/** A public IPv4 address per index: spread over 11.0.0.0–126.255.255.255 (no private or reserved block). */
function publicAddress(index: number): string {
  const n = (index * 2_654_435_761) >>> 0; // Knuth's multiplicative hash: spread, deterministic
  return `${11 + (n % 116)}.${(n >>> 8) & 255}.${(n >>> 16) & 255}.${1 + ((n >>> 24) % 254)}`;
}

function snapshotAt(round: number, time: number): HostSnapshot {
  const connections: Connection[] = Array.from({ length: ENRICH_CONNECTIONS }, (_, i) => ({
    protocol: 'tcp',
    family: 4,
    state: 'ESTABLISHED',
    localAddress: '192.168.1.10',
    localPort: 20_000 + (i % 40_000),
    remoteAddress: publicAddress(round * ENRICH_CONNECTIONS + i),
    remotePort: 443,
    inode: round * ENRICH_CONNECTIONS + i + 1,
    direction: 'outbound',
    process: { pid: 1000 + (i % 50), name: `worker${i % 50}`, exe: `/usr/bin/worker${i % 50}` },
  }));
  return {
    time,
    hostname: 'bench',
    platform: 'linux',
    connections,
    listening: [],
    processes: [],
    arp: [],
    dnsResolvers: [],
    localAddresses: [],
    interfaces: [],
    system: { cpuPercent: 0, memUsedBytes: 0, memTotalBytes: 1, netRxRate: 0, netTxRate: 0, netErrors: 0, netDrops: 0 } as HostSnapshot['system'],
    coverage: [],
  };
}

export async function measureEnrichCost(rounds: number, warmupRounds: number): Promise<EnrichCost> {
  // Two loaded copies: the cold subject's stream of new addresses would otherwise evict the warm one's.
  const enricher = new Enricher();
  const warmEnricher = new Enricher();
  await Promise.all([enricher.load(), warmEnricher.load()]);
  const problem = enricher.status().sources.find((s) => s.problem);
  if (problem) throw new Error(`enrichment data missing: ${problem.problem}`);
  const engine = createEngine(defaultRules(), { homeNetCidrs: [] });
  let round = 0;
  let current = snapshotAt(0, Date.now());
  const warm = snapshotAt(1_000_000, Date.now());
  enrichSnapshot(warm, warmEnricher);
  let enriched = 0;
  const [detect, enrichCold, enrichWarm] = await measureInterleaved(
    [
      {
        // Baseline: the tick's detection over these connections (a new tick each round).
        name: `detect, ${ENRICH_CONNECTIONS.toLocaleString('en-US')} connections`,
        run: async () => {
          round += 1;
          current = snapshotAt(round, Date.now() + round * 2000);
          engine.evaluate(current);
        },
      },
      {
        name: 'enrich, cold cache (every address new)',
        run: async () => {
          enriched = enrichSnapshot(current, enricher).connections.filter((c) => c.remoteGeo).length;
        },
      },
      {
        name: 'enrich, warm cache (same addresses)',
        run: async () => {
          enrichSnapshot(warm, warmEnricher);
        },
      },
    ],
    rounds,
    warmupRounds,
  );
  if (!detect || !enrichCold || !enrichWarm) throw new Error('measurement missing');
  return {
    connections: ENRICH_CONNECTIONS,
    enriched,
    detect,
    enrichCold,
    enrichWarm,
    coldCpuRatio: (detect.cpuMsPerCall + enrichCold.cpuMsPerCall) / detect.cpuMsPerCall,
    coldEnrichCpuMs: enrichCold.cpuMsPerCall,
    warmEnrichCpuMs: enrichWarm.cpuMsPerCall,
  };
}

export function enrichCostLines(cost: EnrichCost): string[] {
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  return [
    `Enrichment at ${cost.connections.toLocaleString('en-US')} external connections (${cost.enriched.toLocaleString('en-US')} known to the data), CPU per tick:`,
    `  baseline, detection of the same tick: ${ms(cost.detect.cpuMsPerCall)} (wall median ${ms(cost.detect.wallMs.median)})`,
    `  enrichment, cold cache: ${ms(cost.coldEnrichCpuMs)} (wall median ${ms(cost.enrichCold.wallMs.median)}); warm cache: ${ms(cost.warmEnrichCpuMs)}`,
    `  (enrichment + detection) / detection = ${cost.coldCpuRatio.toFixed(2)}× with every address new`,
  ];
}

/** `npm run bench -- --only enrich-cost`. */
export const enrichCostModule: BenchModule = {
  id: 'enrich-cost',
  title: 'Offline enrichment (country, AS) at 10,000 external connections',
  farm: 'own',
  run: async ({ plan, log }) => {
    log(`enrichment: ${ENRICH_CONNECTIONS} synthetic external connections, ${plan.rounds} interleaved rounds against the same tick's detection`);
    const cost = await measureEnrichCost(plan.rounds, plan.warmupRounds);
    return { lines: enrichCostLines(cost), data: cost };
  },
};

import { CLI_PATH, FULL } from './plan';
import { formatCliProfile, profileCliRun } from './profile-cli';
import { formatTickProfile, profileTicks } from './profile-ticks';
import { startSocketFarm } from './socket-farm';

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

/**
 * `--profile`: where the time goes. Steady-state ticks profiled in-process at each size, and one
 * CLI run at the CLI size under --cpu-prof.
 */
export async function profileMain(): Promise<void> {
  const cli = FULL.cli;
  const [smallest] = FULL.sizes;
  const largest = FULL.sizes.at(-1);
  if (!cli || !smallest || !largest) return;
  const farm = await startSocketFarm({
    processes: FULL.processes,
    pairsPerChild: smallest.pairsPerChild,
    maxPairsPerChild: Math.max(largest.pairsPerChild, cli.pairsPerChild),
  });
  try {
    log(`profiling steady-state ticks at ${farm.sockets()} farm sockets`);
    process.stdout.write(`${formatTickProfile(await profileTicks(20, 3), farm.sockets())}\n\n`);
    await farm.growTo(cli.pairsPerChild);
    log(`profiling the CLI at ${farm.sockets()} farm sockets`);
    const profile = await profileCliRun(CLI_PATH, cli.durationSec, cli.intervalSec, farm.pids);
    process.stdout.write(`${formatCliProfile(profile, farm.sockets())}\n\n`);
    await farm.growTo(largest.pairsPerChild);
    log(`profiling steady-state ticks at ${farm.sockets()} farm sockets`);
    process.stdout.write(`${formatTickProfile(await profileTicks(20, 3), farm.sockets())}\n`);
  } finally {
    await farm.stop();
  }
}

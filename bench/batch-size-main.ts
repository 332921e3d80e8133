// `npm run bench -- --batch-size [--quick]`: the IPC batch size with a socket farm of 50,000 sockets.
import { formatBatchSizes, measureBatchSizes } from './batch-size';
import { startSocketFarm } from './socket-farm';

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

export async function batchSizeMain(quick: boolean): Promise<void> {
  // 4 children × 6,250 pairs × 2 sockets + 4 listeners = 50,004 TCP sockets.
  const processes = 4;
  const pairsPerChild = quick ? 500 : 6_250;
  log(`starting ${processes} socket-farm children with ${pairsPerChild} pairs each`);
  const farm = await startSocketFarm({ processes, pairsPerChild, readyTimeoutMs: 300_000 });
  try {
    log(`batch size: MonitorSession at ${farm.sockets()} farm sockets`);
    const result = await measureBatchSizes(quick ? 3 : 5, 2_000);
    process.stdout.write(`\n${formatBatchSizes(farm.sockets(), result)}\n`);
  } finally {
    await farm.stop();
  }
}

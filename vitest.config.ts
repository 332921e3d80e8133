import { defineConfig } from 'vitest/config';

const ALL = ['src-shared/**/*.test.ts', 'src-main/**/*.test.{ts,tsx}', 'src-renderer/**/*.test.{ts,tsx}', 'e2e/build/**/*.test.ts', 'bench/**/*.test.ts', 'build/**/*.test.ts'];
// These hold thousands of real sockets or multi-megabyte processes host-wide; tests that count the
// host's sockets (batch budgets, session totals, fd churn) would see them, so they run after the rest, one at a time.
const HOST_WIDE = ['src-main/hostile-host/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ALL, exclude: HOST_WIDE, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'host-wide', include: HOST_WIDE, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

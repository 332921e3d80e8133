import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const ALL = [
  'src-shared/**/*.test.ts',
  'src-main/**/*.test.{ts,tsx}',
  'src-renderer/**/*.test.{ts,tsx}',
  'e2e/build/**/*.test.ts',
  'bench/**/*.test.ts',
  'build/**/*.test.ts',
];
// These hold thousands of real sockets or multi-megabyte processes host-wide; tests that count the
// host's sockets (batch budgets, session totals, fd churn) would see them, so they run after the rest, one at a time.
const HOST_WIDE = ['src-main/hostile-host/**/*.test.ts', 'src-renderer/**/*.hostile.test.ts'];

/**
 * The default order, except that host-wide files run by path: the main side's hostile-host tests write
 * captures (out/hostile-host/) that the renderer's *.hostile.test.ts files read, so src-main comes first.
 */
class HostWideByPath extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isHostWide = (file: TestSpecification): boolean => file.project.name === 'host-wide';
    const hostWide = sorted.filter(isHostWide).sort((a, b) => a.moduleId.localeCompare(b.moduleId));
    return sorted.map((file) => (isHostWide(file) ? (hostWide.shift() as TestSpecification) : file));
  }
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    sequence: { sequencer: HostWideByPath },
    projects: [
      { extends: true, test: { name: 'unit', include: ALL, exclude: HOST_WIDE, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'host-wide', include: HOST_WIDE, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.{ts,tsx}', 'src-renderer/**/*.test.{ts,tsx}', 'e2e/build/**/*.test.ts', 'bench/**/*.test.ts', 'build/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});

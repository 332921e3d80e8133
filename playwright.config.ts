import { defineConfig } from '@playwright/test';

// One worker: the lab builds network namespaces and the renderer test measures timings.
export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/artifacts',
  use: { trace: 'retain-on-failure' },
  projects: [
    { name: 'renderer', testMatch: /renderer\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
    { name: 'lab', testMatch: /lab\/.*\.spec\.ts$/, timeout: 600_000 },
    { name: 'tui', testMatch: /e2e\/tui\/[^/]+\.spec\.ts$/ },
  ],
});

import { defineConfig } from 'vitest/config';

// The browser suite: builds web/dist, starts the real server on a free port with a fresh DATA_DIR, and drives
// Debian's Chromium through playwright-core. Run with `npx vitest run --config test/browser/vitest.config.ts`.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 150_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
  },
});

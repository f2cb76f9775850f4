import { defineConfig } from 'vitest/config';

// One config for every suite. Integration tests share one migrated database per worker
// (each test makes its own tenant; RLS keeps them apart), so worker count stays small.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'web/**', 'test/browser/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    globalSetup: ['test/global-setup.ts'],
  },
});

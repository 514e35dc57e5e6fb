import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - `unit`: pure code (holidays, procedure validation, protocol signing, PDF rendering); no servers.
 * - `integration`: real Temporal (time-skipping test server and dev server) and embedded PostgreSQL,
 *   started once in a global setup.
 * `pool: 'forks'` because the Temporal native bridge misbehaves in worker threads.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['holidays/**/*.test.ts', 'workflows/**/*.test.ts', 'activities/**/*.unit.test.ts', 'api/**/*.unit.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/clock-setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', 'activities/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/clock-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

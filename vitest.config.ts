import { defineConfig } from 'vitest/config';

/**
 * Three tiers, by what a test needs: `unit` needs nothing but Node (no database, no browser, no
 * data outside the repository), `integration` a real PostgreSQL with PostGIS, `e2e` that and
 * Chromium. Only the last two migrate a template database for the run.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // On 2 cores vitest would run one file at a time. Integration and e2e files mostly wait on
    // PostgreSQL, a server process or Chromium: measured, 142 files with 2,290 s of test time
    // between them finished in 930 s three at a time, all passing, under a load average of 12.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});

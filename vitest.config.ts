import { defineConfig } from 'vitest/config';

/**
 * Three tiers, by what a test needs: `unit` needs nothing but Node (no database, no browser, no
 * data outside the repository), `integration` a real PostgreSQL with PostGIS, `e2e` that and
 * Chromium. Only the last two migrate a template database for the run.
 */
export default defineConfig({
  test: {
    pool: 'forks',
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

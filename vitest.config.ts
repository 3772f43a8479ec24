import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The unit tier (`npm run test:unit`): pure code and file checks, no global setup, no servers, so
 * it runs in seconds without Go or Python (worker threads, one module graph: pure tests share no
 * state, and this is what makes it fast). Everything else is the integration tier, which starts
 * the real servers it needs. `npm test` runs both. (CONTRIBUTING.md: "Test tiers".)
 */
export const UNIT_TESTS = [
  'test/domain/**/*.test.ts',
  'test/blocks/**/*.test.ts',
  'test/command/**/*.test.ts',
  'test/config/**/*.test.ts',
  'test/secrets/**/*.test.ts',
  'test/logging/**/*.test.ts',
  'test/app/**/*.test.ts',
  'test/docs/**/*.test.ts',
  'test/setup/**/*.test.ts',
  'test/support/wait.test.ts',
  'test/boundary.test.ts',
  'test/layers/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // One fixed seed for every property test (test/support/fast-check-seed.ts).
    setupFiles: ['test/support/fast-check-seed.ts'],
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: UNIT_TESTS, pool: 'threads', isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_TESTS],
          // The preflight names every missing tool at once; then the real MongoDB-wire (FerretDB),
          // CloudWatch (moto) and PostgreSQL servers are started once per run.
          globalSetup: [
            'test/setup/preflight.ts',
            'test/setup/moto.ts',
            'test/setup/ferretdb.ts',
            'test/setup/postgres.ts',
          ],
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real MongoDB-wire (FerretDB), CloudWatch (moto) and PostgreSQL servers are started once per run here.
    globalSetup: ['test/setup/moto.ts', 'test/setup/ferretdb.ts', 'test/setup/postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The CLI tests run dist/, the others import src/: dist/ is rebuilt first when older than src/.
    globalSetup: ['tests/build-dist.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two test files at once on a two-core machine: most tests wait on a child process (the
    // CLI, Chromium, PostgreSQL) for much of their time. Vitest's default is one fewer than the
    // cores, which is one.
    maxWorkers: 2,
    minWorkers: 1,
  },
});

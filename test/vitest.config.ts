import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Every test file has its own database (a PGlite instance, a PostgreSQL schema): files run two at a time
    // (the machine has two cores; three made a timing-sensitive incident test fail once).
    maxWorkers: 2,
    // A worker keeps its modules between files: the code is loaded once per worker, not once per
    // file, and PGlite databases start from the worker's migrated image (test/support/db.ts).
    // Test files keep no state in shared modules; each starts its own Charter and database.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['test/support/setup.ts'],
  },
});

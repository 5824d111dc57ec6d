import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server's URL (its `postgres` database) on which test files create their own. */
    postgresAdminUrl: string;
  }
}

/**
 * One PostgreSQL server for the test run: the one `GRADUAL_TEST_DATABASE_URL` names, or a real
 * PostgreSQL started here from the `embedded-postgres` package (test/support/embedded-postgres.ts).
 * Each test file then creates a database of its own on it (test/support/postgres.ts), so files run
 * in parallel.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.GRADUAL_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresAdminUrl', given);
    return () => Promise.resolve();
  }
  const server = await startEmbeddedPostgres();
  project.provide('postgresAdminUrl', server.adminUrl);
  return () => server.stop();
}

import { inject } from 'vitest';
import { createDatabase, type TestDatabase } from './embedded-postgres.js';

export type { TestDatabase } from './embedded-postgres.js';

/**
 * Creates an empty database on the server the global setup started (test/support/postgres-global-setup.ts)
 * and returns its URL.
 */
export function createTestDatabase(): Promise<TestDatabase> {
  return createDatabase(inject('postgresAdminUrl'));
}

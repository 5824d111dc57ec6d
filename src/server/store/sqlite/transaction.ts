import type Database from 'better-sqlite3';

/** `body`'s result as the store interfaces promise it: a throw becomes a rejection, always an Error. */
export function settled<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Runs `body` as one transaction begun IMMEDIATE (the write lock taken at BEGIN, so a read that
 * decides a write cannot be overtaken), settled as a promise; a throw rolls it back.
 */
export function immediateTransaction<T>(db: Database.Database, body: () => T): Promise<T> {
  return settled(() => db.transaction(body).immediate());
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../../../../test/support/tcp-proxy.js';
import { DatabaseUnavailableException } from '../../../common/errors.js';
import { PgDatabase } from './pg-database.js';

let database: TestDatabase;
let proxy: TcpProxy;
let db: PgDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(database.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  db = new PgDatabase({ url: proxied.toString() });
});
afterAll(async () => {
  await proxy?.restore();
  await db?.close().catch(() => undefined);
  await proxy?.close();
  await database?.drop();
});

describe('PgDatabase: a connection lost in the middle of a transaction', () => {
  it('fails the transaction as unavailable, not as an uncaught error of its connection', async () => {
    let uncaught: unknown;
    const note = (error: unknown): void => {
      uncaught = error;
    };
    process.on('uncaughtException', note);
    try {
      const outcome = db
        .write(undefined, async (tx) => {
          await tx.query('SELECT 1');
          // The database goes away while the transaction waits between two statements.
          await proxy.cut('refuse');
          await new Promise((r) => setTimeout(r, 200));
          await tx.query('SELECT 2');
        })
        .catch((error: unknown) => error);
      expect(await outcome).toBeInstanceOf(DatabaseUnavailableException);
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toBeUndefined();
    } finally {
      process.off('uncaughtException', note);
    }
    // Once it is back, the pool answers on a fresh connection.
    await proxy.restore();
    expect(await db.query<{ n: number }>('SELECT 3 AS n')).toEqual([{ n: 3 }]);
  });
});
